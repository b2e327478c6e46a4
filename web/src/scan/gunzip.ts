// A `docker save | gzip` tarball cannot be read at random offsets, so it is inflated once,
// streaming, into the origin-private file system (OPFS: a file on the user's disk that
// only this origin sees). The result is a disk-backed `File` the normal pipeline slices
// like any other; memory stays at one chunk whatever the size.

const GZIP_MAGIC = [0x1f, 0x8b];

export async function isGzip(file: File): Promise<boolean> {
  if (file.size < 2) return false;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

export interface Inflated {
  file: File;
  remove(): Promise<void>;
}

const PREFIX = "lookout-inflated-";

/**
 * Holds a Web Lock named after `name` until the returned release is called. The browser
 * drops a tab's locks when the tab closes or reloads, so a copy whose lock nobody holds
 * belongs to no page any more (see `sweepLeftovers`).
 */
async function holdLock(name: string): Promise<() => void> {
  if (!navigator.locks) return () => undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((acquired) => {
    void navigator.locks.request(name, () => {
      acquired();
      return held;
    });
  });
  return release;
}

/**
 * Removes inflated copies a closed or reloaded tab left behind (its results were on screen
 * when it went; nothing removed the copy, which can be gigabytes). Copies another open tab
 * still scans are kept: their lock is held.
 */
export async function sweepLeftovers(): Promise<void> {
  if (!navigator.locks || !navigator.storage?.getDirectory) return;
  try {
    const root = await navigator.storage.getDirectory();
    const held = new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name));
    const entries = (root as unknown as { keys(): AsyncIterable<string> }).keys();
    const stale: string[] = [];
    for await (const name of entries) {
      if (name.startsWith(PREFIX) && !held.has(name)) stale.push(name);
    }
    await Promise.all(stale.map((name) => root.removeEntry(name).catch(() => undefined)));
  } catch {
    // No OPFS (a private window in some browsers): nothing was left there either.
  }
}

/** Inflates `file` into OPFS; `onProgress(bytesRead)` reports compressed bytes consumed. */
export async function inflateToDisk(file: File, onProgress: (bytesRead: number) => void, signal: AbortSignal): Promise<Inflated> {
  await sweepLeftovers();
  const root = await navigator.storage.getDirectory();
  const name = `${PREFIX}${Date.now()}-${Math.random().toString(36).slice(2)}.tar`;
  const release = await holdLock(name);
  const handle = await root.getFileHandle(name, { create: true });
  const remove = () =>
    root
      .removeEntry(name)
      .catch(() => undefined)
      .finally(release);
  let read = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      onProgress(read);
      controller.enqueue(chunk);
    },
  });
  try {
    const writable = await handle.createWritable();
    await file
      .stream()
      .pipeThrough(counter)
      .pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
      .pipeTo(writable, { signal });
  } catch (error) {
    await remove();
    throw error;
  }
  const inflated = await handle.getFile();
  return { file: new File([inflated], file.name, { type: "application/x-tar" }), remove };
}
