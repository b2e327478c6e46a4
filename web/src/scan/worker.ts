// A dedicated worker running the wasm scanner. It reads the dropped File through
// FileReaderSync over `file.slice(a, b)`: random access, synchronous, and never the whole
// file in memory (a 1 GB image costs only the current chunk). Layer blobs come through
// a decoder worker instead when the page gave this worker one (pipe.ts).
import { ArchiveIndex, ScanSession, scan_layer } from "../../pkg/lookout_wasm.js";
import { errorKind, errorMessage, loadWasm } from "../wasm";
import { BlobPipeClient } from "./pipe";
import type { FromWorker, ToWorker } from "./protocol";

declare class FileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

/**
 * Bytes fetched per FileReaderSync call once reads are sequential (a layer blob walked
 * front to back). Each call is a round trip to the browser process: reading a 56 MB
 * image in the wasm side's 256 KiB pieces took ~550 ms in Chromium, in 4 MiB ones ~130 ms.
 * Scattered reads (the archive's headers) stay exact, so they never fetch 4 MiB for 512 bytes.
 */
const READ_AHEAD = 4 << 20;

function readerOver(file: File) {
  const sync = new FileReaderSync();
  const read = (start: number, end: number) => new Uint8Array(sync.readAsArrayBuffer(file.slice(start, end)));
  let ahead = new Uint8Array(0);
  let aheadStart = 0;
  let lastEnd = -1;
  return {
    read_at(offset: number, length: number): Uint8Array {
      const end = Math.min(offset + length, file.size);
      if (offset >= end) return new Uint8Array(0);
      const sequential = offset === lastEnd;
      lastEnd = end;
      if (offset >= aheadStart && end <= aheadStart + ahead.length) {
        return ahead.subarray(offset - aheadStart, end - aheadStart);
      }
      if (!sequential || length >= READ_AHEAD) return read(offset, end);
      ahead = read(offset, Math.min(offset + READ_AHEAD, file.size));
      aheadStart = offset;
      return ahead.subarray(0, end - offset);
    },
  };
}

let index: ArchiveIndex | null = null;
let scan: ScanSession | null = null;
let decoder: MessagePort | null = null;
let ringBytes = 0;

function handle(message: ToWorker): void {
  switch (message.type) {
    case "warm":
      return;
    case "pipe": {
      decoder = message.port;
      ringBytes = message.ringBytes;
      return;
    }
    case "index": {
      index?.free();
      index = ArchiveIndex.open(readerOver(message.file), message.file.size, message.selection);
      const bytes = index.to_bytes();
      scope.postMessage({ type: "indexed", index: bytes, info: index.info() }, [bytes.buffer]);
      return;
    }
    case "layer": {
      // scan_layer consumes the index (it owns the reader for the layer's duration).
      const layerIndex = ArchiveIndex.from_bytes(message.index, readerOver(message.file), message.file.size);
      // The reader calls back about every MiB read; each call is one small message.
      const progress = (bytes: number) => scope.postMessage({ type: "progress", bytes });
      const pipe = decoder ? new BlobPipeClient(decoder, message.file, ringBytes, progress) : undefined;
      const result = scan_layer(layerIndex, message.layer, progress, pipe);
      scope.postMessage({ type: "layer-done", layer: message.layer, result }, [result.buffer]);
      return;
    }
    case "merge": {
      if (!index) throw new Error("merge before index");
      scan?.free();
      scan = ScanSession.merge(index, message.name, message.layers);
      scope.postMessage({ type: "merged", ecosystems: scan.ecosystems() });
      return;
    }
    case "match": {
      if (!scan) throw new Error("match before merge");
      scan.match_vulnerabilities(
        message.dbIndex ?? undefined,
        message.shards.map((s) => s.ecosystem),
        message.shards.map((s) => s.bytes),
        message.unavailable,
      );
      scope.postMessage({ type: "report", report: scan.report(), layers: scan.layer_contents() });
      return;
    }
    case "encode": {
      if (!scan) throw new Error("encode before merge");
      scope.postMessage({ type: "encoded", format: message.format, text: scan.encode(message.format) });
      return;
    }
  }
}

scope.onmessage = (event) => {
  void loadWasm().then(() => {
    try {
      handle(event.data);
    } catch (error) {
      scope.postMessage({ type: "error", kind: errorKind(error), message: errorMessage(error) });
    }
  });
};
