// Messages between the page and the scan workers. One worker module serves both roles:
// the "coordinator" (index the archive, merge, match, encode) and the per-layer scanners;
// a layer worker may have a decoder worker beside it (decoder.ts), reached through the
// MessagePort of a "pipe" message.
import type { ArchiveInfo, ImageSelection, LayerContents, ScanReport } from "../../pkg/lookout_wasm.js";

export type ToWorker =
  /** Load the wasm module now (a worker started ahead of a scan). */
  | { type: "warm" }
  | { type: "pipe"; port: MessagePort; ringBytes: number }
  | { type: "index"; file: File; selection?: ImageSelection }
  | { type: "layer"; file: File; index: Uint8Array; layer: number }
  | { type: "merge"; name: string; layers: Uint8Array[] }
  | {
      type: "match";
      dbIndex: Uint8Array | null;
      shards: { ecosystem: string; bytes: Uint8Array }[];
      /** Base ecosystems whose shard could not be fetched. */
      unavailable: string[];
    }
  | { type: "encode"; format: string };

export type FromWorker =
  | { type: "progress"; bytes: number }
  | { type: "indexed"; index: Uint8Array; info: ArchiveInfo }
  | { type: "layer-done"; layer: number; result: Uint8Array }
  | { type: "merged"; ecosystems: string[] }
  | { type: "report"; report: ScanReport; layers: LayerContents[] }
  | { type: "encoded"; format: string; text: string }
  | { type: "error"; kind: string; message: string };

/** Layer worker → its decoder: the tar bytes of the `length` bytes at `offset` of `file`
 * (inflated when `gzip`, else as stored) into `ring`. */
export interface BlobRequest {
  file: File;
  offset: number;
  length: number;
  gzip: boolean;
  ring: SharedArrayBuffer;
}
