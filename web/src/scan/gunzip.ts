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

/** Inflates `file` into OPFS; `onProgress(bytesRead)` reports compressed bytes consumed. */
export async function inflateToDisk(file: File, onProgress: (bytesRead: number) => void, signal: AbortSignal): Promise<Inflated> {
  const root = await navigator.storage.getDirectory();
  const name = `lookout-inflated-${Date.now()}-${Math.random().toString(36).slice(2)}.tar`;
  const handle = await root.getFileHandle(name, { create: true });
  const remove = () => root.removeEntry(name).catch(() => undefined);
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
