// A single-producer, single-consumer byte ring in a SharedArrayBuffer: the decoder
// worker (async: DecompressionStream, Blob.stream) writes a layer's tar bytes, the layer worker
// (inside synchronous wasm) reads them, blocking with Atomics.wait. A full ring makes the
// writer wait (Atomics.waitAsync), so memory stays at one ring whatever the layer size.
//
// The writer is woken only once half the ring is free again, not after every read: the
// tar walk reads in pieces of 512 bytes to 8 KiB, and a full ring would otherwise wake
// the decoder's event loop for each of them.
//
// Counters are byte totals kept modulo 2^32 in Int32 slots: their difference, taken
// `| 0`, is exact because the ring is far smaller than 2^31.

/**
 * Data bytes of all the rings of one scan together, and the bounds of one ring (a power of
 * two; DecompressionStream hands out 64 KiB chunks). A big ring lets the decoder run
 * ahead while the walk is busy with a costly stretch (hashing, a big package database)
 * and the walk run on while the decoder catches up: with 4 MiB each waited on the other
 * ~30 % of the time on debian12-apps, with 32 MiB the decoder never waited.
 */
const RINGS_TOTAL = 64 << 20;
const RING_MIN = 4 << 20;
const RING_MAX = 32 << 20;

/** The ring size for a scan with `workers` layer workers (each has one ring at a time). */
export function ringBytesFor(workers: number): number {
  let bytes = RING_MAX;
  while (bytes > RING_MIN && bytes * Math.max(1, workers) > RINGS_TOTAL) bytes /= 2;
  return bytes;
}

/** Smallest ring for a stream of known length (one Blob.stream chunk or so). */
const RING_FLOOR = 64 << 10;

/** The ring for a stream of `length` bytes: the power of two that holds it, at most `max`. */
export function ringBytesForStream(length: number, max: number): number {
  let bytes = RING_FLOOR;
  while (bytes < length && bytes < max) bytes *= 2;
  return Math.min(bytes, max);
}

const WRITTEN = 0;
const READ = 1;
/** Set once by the writer: how the stream ended. */
const STATE = 2;
/** Set by the reader when it stops early; the writer then abandons the stream. */
const CLOSED = 3;
/** Blob bytes the decoder has consumed, in KiB (for the progress bar). */
const CONSUMED_KIB = 4;
/** 1 while the writer waits for room. */
const WRITER_WAITING = 5;
/** Bumped by the reader to wake the writer. */
const WAKE = 6;
/**
 * Bumped by the writer after every write and when the stream ends; the reader waits on it.
 * The reader loads it before looking at the counters and the state, so a write or an end
 * that comes after that look changes it and the wait returns at once. (Waiting on WRITTEN
 * lost the wake-up of an end that fell between the reader's look at STATE and its wait:
 * `end` does not change WRITTEN, so the reader slept for good — a scan that never ended.)
 */
const SIGNAL = 7;
const SLOTS = 8;
const HEADER_BYTES = SLOTS * 4;

// STATE is 0 while the stream runs.
const ENDED = 1;
const FAILED = 2;

export function newRing(dataBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + dataBytes);
}

/** True where a ring can be shared (the page is cross-origin isolated). */
export function ringsAvailable(): boolean {
  return typeof SharedArrayBuffer === "function" && globalThis.crossOriginIsolated === true;
}

class Ring {
  protected readonly slots: Int32Array;
  protected readonly data: Uint8Array;
  /** Data bytes (a power of two), the mask of a position in them, and the room at which
   * a waiting writer resumes. */
  protected readonly size: number;
  protected readonly mask: number;
  protected readonly resume: number;
  constructor(buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer, 0, SLOTS);
    this.size = buffer.byteLength - HEADER_BYTES;
    this.mask = this.size - 1;
    this.resume = this.size / 2;
    this.data = new Uint8Array(buffer, HEADER_BYTES, this.size);
  }

  protected free(): number {
    return this.size - ((Atomics.load(this.slots, WRITTEN) - Atomics.load(this.slots, READ)) | 0);
  }

  protected wakeWriter(): void {
    Atomics.store(this.slots, WRITER_WAITING, 0);
    Atomics.add(this.slots, WAKE, 1);
    Atomics.notify(this.slots, WAKE);
  }
}

export class RingWriter extends Ring {
  /** Copies `chunk` in, waiting for room; false when the reader closed the stream. */
  async write(chunk: Uint8Array): Promise<boolean> {
    let offset = 0;
    while (offset < chunk.length) {
      if (Atomics.load(this.slots, CLOSED) !== 0) return false;
      const need = Math.min(chunk.length - offset, this.resume);
      if (this.free() < need) {
        const wake = Atomics.load(this.slots, WAKE);
        Atomics.store(this.slots, WRITER_WAITING, 1);
        // The reader may have freed room before it could see the flag: look again.
        if (this.free() < need && Atomics.load(this.slots, CLOSED) === 0) {
          // Resolves at once ("not-equal") if the reader woke us since the load above.
          await Atomics.waitAsync(this.slots, WAKE, wake).value;
        }
        Atomics.store(this.slots, WRITER_WAITING, 0);
        continue;
      }
      const written = Atomics.load(this.slots, WRITTEN);
      const free = this.free();
      const at = written & this.mask;
      const n = Math.min(free, chunk.length - offset, this.size - at);
      this.data.set(chunk.subarray(offset, offset + n), at);
      Atomics.store(this.slots, WRITTEN, (written + n) | 0);
      this.signal();
      offset += n;
    }
    return true;
  }

  consumed(bytes: number): void {
    Atomics.store(this.slots, CONSUMED_KIB, Math.floor(bytes / 1024));
  }

  end(ok: boolean): void {
    Atomics.store(this.slots, STATE, ok ? ENDED : FAILED);
    this.signal();
  }

  private signal(): void {
    Atomics.add(this.slots, SIGNAL, 1);
    Atomics.notify(this.slots, SIGNAL);
  }
}

export class RingReader extends Ring {
  private reportedKib = 0;

  /**
   * Blocks until bytes are there and copies them into `dest`: the count, 0 at the end of
   * the stream, -1 when the writer failed.
   */
  readInto(dest: Uint8Array): number {
    for (;;) {
      const signal = Atomics.load(this.slots, SIGNAL);
      const written = Atomics.load(this.slots, WRITTEN);
      const read = Atomics.load(this.slots, READ);
      const available = (written - read) | 0;
      if (available > 0) {
        const at = read & this.mask;
        const n = Math.min(available, dest.length, this.size - at);
        dest.set(this.data.subarray(at, at + n));
        Atomics.store(this.slots, READ, (read + n) | 0);
        if (Atomics.load(this.slots, WRITER_WAITING) !== 0 && this.free() >= this.resume) this.wakeWriter();
        return n;
      }
      const state = Atomics.load(this.slots, STATE);
      // The writer stores its last bytes before the state: look again before ending.
      if (state === ENDED) {
        if (((Atomics.load(this.slots, WRITTEN) - read) | 0) > 0) continue;
        return 0;
      }
      if (state === FAILED) return -1;
      Atomics.wait(this.slots, SIGNAL, signal);
    }
  }

  /** Compressed bytes consumed since the previous call. */
  takeProgress(): number {
    const kib = Atomics.load(this.slots, CONSUMED_KIB);
    const delta = kib - this.reportedKib;
    this.reportedKib = kib;
    return delta * 1024;
  }

  close(): void {
    Atomics.store(this.slots, CLOSED, 1);
    // A writer waiting for room must see the close.
    this.wakeWriter();
  }
}
