// The layer worker's end of the inflate pipe (the wasm side's `InflatePipe`): each `open`
// asks the inflater worker for one blob's decompressed stream in a fresh ring, and
// `read_into` blocks on that ring. A fresh ring per stream means a stream the walk
// abandoned can never write into the next one.
import type { InflatePipe } from "../../pkg/lookout_wasm.js";
import type { InflateRequest } from "./protocol";
import { RingReader, newRing } from "./ring";

/** Progress is reported in steps of about this many compressed bytes. */
const PROGRESS_STEP = 1 << 20;

export class InflatePipeClient implements InflatePipe {
  private ring: RingReader | null = null;
  private pending = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly file: File,
    private readonly ringBytes: number,
    private readonly onProgress: (compressedBytes: number) => void,
  ) {}

  open(offset: number, length: number): void {
    this.close();
    const buffer = newRing(this.ringBytes);
    this.ring = new RingReader(buffer);
    const request: InflateRequest = { file: this.file, offset, length, ring: buffer };
    this.port.postMessage(request);
  }

  read_into(dest: Uint8Array): number {
    if (!this.ring) throw new Error("read before open");
    const n = this.ring.readInto(dest);
    this.pending += this.ring.takeProgress();
    if (this.pending >= PROGRESS_STEP || n <= 0) {
      if (this.pending > 0) this.onProgress(this.pending);
      this.pending = 0;
    }
    return n;
  }

  close(): void {
    this.ring?.close();
    this.ring = null;
  }
}
