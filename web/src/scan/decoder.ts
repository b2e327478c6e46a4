// The decoder beside a layer worker: turns a layer blob of the dropped file into its tar
// bytes and writes them into a ring the layer worker's wasm reads synchronously. Gzip blobs
// are inflated by the browser's native DecompressionStream (C zlib); stored blobs are read
// with the async `Blob.stream()`, about twice as fast as the `FileReaderSync` a
// synchronous walk could use itself. Either way the work overlaps the walk.
//
// It never reports errors itself: a failed stream is marked failed in the ring and the
// wasm reader falls back to its own decoder for that blob (flate2, or FileReaderSync), so
// warnings are the CLI's word for word.
import { RingWriter } from "./ring";
import type { BlobRequest } from "./protocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ port: MessagePort }>) => void) | null;
}

async function decode({ file, offset, length, gzip, ring }: BlobRequest): Promise<void> {
  const writer = new RingWriter(ring);
  let consumed = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      consumed += chunk.byteLength;
      writer.consumed(consumed);
      controller.enqueue(chunk);
    },
  });
  const blob = file.slice(offset, offset + length).stream().pipeThrough(counter);
  const reader = (
    gzip ? blob.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : blob
  ).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(await writer.write(value))) {
        // The walk stopped reading (an error, a limit): drop the rest.
        await reader.cancel().catch(() => undefined);
        return;
      }
    }
    writer.end(true);
  } catch {
    writer.end(false);
  }
}

// The page hands over one end of a MessageChannel; the layer worker holds the other.
(self as unknown as WorkerScope).onmessage = (event) => {
  event.data.port.onmessage = (request: MessageEvent<BlobRequest>) => {
    void decode(request.data);
  };
};
