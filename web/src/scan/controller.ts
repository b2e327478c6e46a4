// Runs one image scan: a coordinator worker indexes the archive, a pool of workers (up to
// navigator.hardwareConcurrency) scans the layers in parallel — each with a decoder
// worker beside it that inflates (natively) or reads layer blobs ahead of the walk when the
// page is cross-origin isolated (shared memory available) — the coordinator merges them,
// the page fetches only the DB shards the image's ecosystems need, and the coordinator
// matches and keeps the report for encoding. The main thread only routes messages, so the
// tab stays responsive whatever the image size.
import type { ArchiveInfo, ImageSelection, LayerContents, ScanReport } from "../../pkg/lookout_wasm.js";
import { fetchShards, loadDb } from "../db";
import { inflateToDisk, isGzip, type Inflated } from "./gunzip";
import type { FromWorker, ToWorker } from "./protocol";
import { ringBytesFor, ringsAvailable } from "./ring";

export interface Progress {
  step: string;
  /** 0..1 over the whole scan (decompression, layers, matching). */
  fraction: number;
  bytesDone: number;
  bytesTotal: number;
  layersDone: number;
  layersTotal: number;
}

export class ScanError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = "ScanError";
  }
}

export interface ScanOutcome {
  info: ArchiveInfo;
  report: ScanReport;
  /** Per layer: files, unpacked bytes, deletions. */
  layers: LayerContents[];
  /** Encodes the report in another format (json, sarif, cyclonedx, spdx, cosign-vuln). */
  encode(format: string): Promise<string>;
  dispose(): void;
}

/** Share of the bar for inflating a gzip outer archive, and where the layer part ends. */
const INFLATE_SHARE = 0.3;
const LAYERS_END = 0.95;

/** Layer workers: one per core, or `#workers=N` in the page URL (the benchmark sets it). */
function poolSize(): number {
  const asked = Number(new URLSearchParams(location.hash.slice(1)).get("workers"));
  return Number.isInteger(asked) && asked > 0 ? asked : navigator.hardwareConcurrency || 2;
}

function spawn(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "lookout-scan" });
}

/** A layer worker, and beside it a decoder wired to it when shared memory is allowed. */
function spawnLayerWorker(helpers: Worker[]): Worker {
  const worker = spawn();
  if (ringsAvailable()) {
    const decoder = new Worker(new URL("./decoder.ts", import.meta.url), { type: "module", name: "lookout-decode" });
    const channel = new MessageChannel();
    decoder.postMessage({ port: channel.port2 }, [channel.port2]);
    const pipe: ToWorker = { type: "pipe", port: channel.port1, ringBytes: ringBytesFor(poolSize()) };
    worker.postMessage(pipe, [channel.port1]);
    helpers.push(decoder);
  }
  return worker;
}

/** One scan's workers: the coordinator, the layer pool and the pool's decoders. */
interface Crew {
  coordinator: Worker;
  pool: Worker[];
  decoders: Worker[];
  /** A worker failed to start while the crew waited (its script could not be loaded). */
  failed: boolean;
}

/**
 * The next scan's workers, started ahead of time: a worker compiles and instantiates the
 * wasm module on its first message, which cost ~100 ms of every scan when it happened
 * after the drop. The page starts a crew once loaded and again after each scan.
 */
let ready: Crew | null = null;

function startCrew(): Crew {
  const crew: Crew = { coordinator: spawn(), pool: [], decoders: [], failed: false };
  for (let i = 0; i < poolSize(); i++) crew.pool.push(spawnLayerWorker(crew.decoders));
  const warm: ToWorker = { type: "warm" };
  for (const worker of [crew.coordinator, ...crew.pool]) worker.postMessage(warm);
  // An error before the scan attaches its own listeners would otherwise go unseen and the
  // scan would wait on a dead worker.
  for (const worker of [crew.coordinator, ...crew.pool, ...crew.decoders]) {
    worker.addEventListener("error", () => (crew.failed = true), { once: true });
  }
  return crew;
}

/** Starts the workers of the next scan now (idempotent). */
export function prepareWorkers(): void {
  ready ??= startCrew();
}

function takeCrew(): Crew {
  let crew = ready;
  ready = null;
  if (crew?.failed) {
    for (const worker of [crew.coordinator, ...crew.pool, ...crew.decoders]) worker.terminate();
    crew = null;
  }
  return crew ?? startCrew();
}

/** Sends one request and resolves with the first non-progress answer. */
function request(
  worker: Worker,
  message: ToWorker,
  onProgress: (bytes: number) => void,
  transfer: Transferable[] = [],
): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<FromWorker>) => {
      const data = event.data;
      if (data.type === "progress") {
        onProgress(data.bytes);
        return;
      }
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
      if (data.type === "error") reject(new ScanError(data.kind, data.message));
      else resolve(data);
    };
    const onError = (event: ErrorEvent) => {
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
      reject(new ScanError("internal", event.message || "the scan worker failed to start"));
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
    worker.postMessage(message, transfer);
  });
}

function expect<T extends FromWorker["type"]>(answer: FromWorker, type: T): Extract<FromWorker, { type: T }> {
  if (answer.type !== type) throw new ScanError("internal", `expected ${type}, worker sent ${answer.type}`);
  return answer as Extract<FromWorker, { type: T }>;
}

export async function scanFile(
  original: File,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  /** One image of an archive holding several (`ArchiveInfo.images`); default the first. */
  selection?: ImageSelection,
): Promise<ScanOutcome> {
  if (original.size === 0) throw new ScanError("empty", `${original.name} is empty (0 bytes).`);
  let inflated: Inflated | null = null;
  let file = original;
  if (await isGzip(original)) {
    const inflating = (bytesDone: number): Progress => ({
      step: "Decompressing the archive",
      fraction: INFLATE_SHARE * (bytesDone / original.size),
      bytesDone,
      bytesTotal: original.size,
      layersDone: 0,
      layersTotal: 0,
    });
    onProgress(inflating(0));
    try {
      inflated = await inflateToDisk(original, (bytes) => onProgress(inflating(bytes)), signal);
    } catch (error) {
      if (signal.aborted) throw new ScanError("cancelled", "Scan cancelled.");
      throw new ScanError("truncated", `the gzip stream is corrupt or cut short (${error instanceof Error ? error.message : String(error)})`);
    }
    file = inflated.file;
  }

  // Layers take the bulk of the bar; a gzip outer archive's inflation the first part.
  const start = inflated ? INFLATE_SHARE : 0;
  const progress: Progress = { step: "Reading the archive index", fraction: start, bytesDone: 0, bytesTotal: 0, layersDone: 0, layersTotal: 0 };
  const emit = () => {
    const layerShare = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0;
    const afterLayers = progress.step === "Done" ? 1 : 0;
    progress.fraction = Math.max(progress.fraction, afterLayers || start + (LAYERS_END - start) * layerShare);
    onProgress({ ...progress });
  };
  const { coordinator, pool, decoders } = takeCrew();
  // The next scan's workers load while this one's results are shown.
  const prepareNext = () => setTimeout(prepareWorkers, 0);
  const dispose = () => {
    coordinator.terminate();
    for (const w of [...pool, ...decoders]) w.terminate();
    void inflated?.remove();
  };
  signal.addEventListener("abort", dispose, { once: true });
  const guard = <T>(p: Promise<T>): Promise<T> =>
    signal.aborted ? Promise.reject(new ScanError("cancelled", "Scan cancelled.")) : p;

  try {
    performance.mark("lookout:index");
    emit();
    // Extra layer workers are ended once the layer count is known.
    const indexed = expect(await guard(request(coordinator, { type: "index", file, selection }, () => {})), "indexed");
    const info = indexed.info;
    progress.layersTotal = info.layers.length;
    progress.bytesTotal = info.layers.reduce((sum, l) => sum + l.size, 0);
    progress.step = `Scanning ${info.layers.length} layer${info.layers.length === 1 ? "" : "s"}`;
    emit();

    const results: Uint8Array[] = new Array(info.layers.length);
    const queue = info.layers.map((l) => l.index);
    const workers = Math.max(1, Math.min(pool.length, queue.length));
    const runOne = async (worker: Worker) => {
      for (let layer = queue.shift(); layer !== undefined; layer = queue.shift()) {
        const indexCopy = indexed.index.slice();
        const layerSize = info.layers[layer]?.size ?? 0;
        let counted = 0;
        const count = (bytes: number) => {
          // A layer may be read twice (hardlinks); the bar counts each blob byte once.
          const add = Math.max(0, Math.min(bytes, layerSize - counted));
          counted += add;
          progress.bytesDone += add;
        };
        const answer = await guard(
          request(worker, { type: "layer", file, index: indexCopy, layer }, (bytes) => {
            count(bytes);
            emit();
          }),
        );
        const done = expect(answer, "layer-done");
        count(layerSize);
        results[done.layer] = done.result;
        progress.layersDone += 1;
        progress.step = `Scanned layer ${done.layer + 1} of ${info.layers.length}`;
        emit();
      }
    };
    performance.mark("lookout:layers");
    for (const extra of pool.splice(workers)) extra.terminate();
    await Promise.all(pool.map(runOne));
    for (const w of [...pool, ...decoders]) w.terminate();
    pool.length = 0;
    decoders.length = 0;
    progress.bytesDone = progress.bytesTotal;

    performance.mark("lookout:merge");
    progress.step = "Merging layers";
    emit();
    const merged = expect(
      await guard(request(coordinator, { type: "merge", name: file.name, layers: results }, () => {}, results.map((r) => r.buffer))),
      "merged",
    );

    performance.mark("lookout:match");
    progress.step = "Matching vulnerabilities";
    emit();
    const db = await loadDb();
    const { shards, unavailable } = db ? await fetchShards(db, merged.ecosystems) : { shards: [], unavailable: [] };
    const reported = expect(
      await guard(
        request(
          coordinator,
          { type: "match", dbIndex: db ? db.indexBytes.slice() : null, shards, unavailable },
          () => {},
          shards.map((s) => s.bytes.buffer),
        ),
      ),
      "report",
    );

    performance.mark("lookout:done");
    progress.step = "Done";
    emit();
    prepareNext();
    return {
      info,
      report: reported.report,
      layers: reported.layers,
      encode: async (format) => expect(await request(coordinator, { type: "encode", format }, () => {}), "encoded").text,
      dispose,
    };
  } catch (error) {
    dispose();
    prepareNext();
    throw error;
  }
}
