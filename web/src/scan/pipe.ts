// The layer worker's end of the blob pipe (the wasm side's `BlobPipe`): each `open`
// asks the decoder worker for one blob's tar stream in a fresh ring, and
// `read_into` blocks on that ring. A fresh ring per stream means a stream the walk
// abandoned can never write into the next one.
import type { BlobPipe } from "../../pkg/lookout_wasm.js";
import type { BlobRequest } from "./protocol";
import { RingReader, newRing, ringBytesForStream } from "./ring";

/** Progress is reported in steps of about this many blob bytes. */
const PROGRESS_STEP = 1 << 20;

export class BlobPipeClient implements BlobPipe {
  private ring: RingReader | null = null;
  private pending = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly file: File,
    private readonly ringBytes: number,
    private readonly onProgress: (blobBytes: number) => void,
  ) {}

  open(offset: number, length: number, gzip: boolean): void {
    this.close();
    // A stored blob is exactly as long as its stream, so a small layer gets a small ring:
    // an image of many small layers would otherwise allocate a full ring per layer (the
    // old ones are shared memory the collector frees late). A gzip stream's length is
    // unknown until inflated.
    const buffer = newRing(gzip ? this.ringBytes : ringBytesForStream(length, this.ringBytes));
    this.ring = new RingReader(buffer);
    const request: BlobRequest = { file: this.file, offset, length, gzip, ring: buffer };
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
