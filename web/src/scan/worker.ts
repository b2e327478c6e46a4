// A dedicated worker running the wasm scanner. It reads the dropped File through
// FileReaderSync over `file.slice(a, b)`: random access, synchronous, and never the whole
// file in memory (a 1 GB image costs only the current chunk).
import { ArchiveIndex, ScanSession, scan_layer } from "../../pkg/lookout_wasm.js";
import { errorKind, errorMessage, loadWasm } from "../wasm";
import type { FromWorker, ToWorker } from "./protocol";

declare class FileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

function readerOver(file: File) {
  const sync = new FileReaderSync();
  return {
    read_at(offset: number, length: number): Uint8Array {
      const end = Math.min(offset + length, file.size);
      if (offset >= end) return new Uint8Array(0);
      return new Uint8Array(sync.readAsArrayBuffer(file.slice(offset, end)));
    },
  };
}

let index: ArchiveIndex | null = null;
let scan: ScanSession | null = null;

function handle(message: ToWorker): void {
  switch (message.type) {
    case "index": {
      index?.free();
      index = ArchiveIndex.open(readerOver(message.file), message.file.size);
      const bytes = index.to_bytes();
      scope.postMessage({ type: "indexed", index: bytes, info: index.info() }, [bytes.buffer]);
      return;
    }
    case "layer": {
      // scan_layer consumes the index (it owns the reader for the layer's duration).
      const layerIndex = ArchiveIndex.from_bytes(message.index, readerOver(message.file), message.file.size);
      // The reader calls back about every MiB read; each call is one small message.
      const result = scan_layer(layerIndex, message.layer, (bytes: number) => {
        scope.postMessage({ type: "progress", bytes });
      });
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
      );
      scope.postMessage({ type: "report", report: scan.report() });
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
