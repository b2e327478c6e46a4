// The inflater beside a layer worker: inflates a gzip layer blob of the dropped file with
// the browser's native DecompressionStream (C zlib) and writes the tar bytes into a ring
// the layer worker's wasm reads synchronously. Inflating then overlaps the walk, and runs
// at native speed instead of wasm's.
//
// It never reports errors itself: a failed stream is marked failed in the ring and the
// wasm reader re-inflates that blob with flate2, so warnings are the CLI's word for word.
import { RingWriter } from "./ring";
import type { InflateRequest } from "./protocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ port: MessagePort }>) => void) | null;
}

async function inflate({ file, offset, length, ring }: InflateRequest): Promise<void> {
  const writer = new RingWriter(ring);
  let consumed = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      consumed += chunk.byteLength;
      writer.consumed(consumed);
      controller.enqueue(chunk);
    },
  });
  const reader = file
    .slice(offset, offset + length)
    .stream()
    .pipeThrough(counter)
    .pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
    .getReader();
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
  event.data.port.onmessage = (request: MessageEvent<InflateRequest>) => {
    void inflate(request.data);
  };
};
