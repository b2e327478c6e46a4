// The shared ring between a decoder worker (async writer) and a layer worker (blocking
// reader), run in Node with a real second thread: every byte arrives in order, the end and
// a failure are seen, a reader that stops early releases a writer waiting for room, and —
// the bug this test was written for — an end that comes just as the reader is about to
// wait still wakes it (a lost wake-up there left a browser scan waiting forever).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const source = fileURLToPath(new URL("../src/scan/ring.ts", import.meta.url));
const bundled = await build({ entryPoints: [source], bundle: true, format: "esm", write: false, platform: "neutral" });
const modulePath = join(mkdtempSync(join(tmpdir(), "lookout-ring-")), "ring.mjs");
writeFileSync(modulePath, bundled.outputFiles[0].text);
const { RingWriter, newRing } = await import(modulePath);

// The reader thread: for each ring it is given, reads to the end in pieces of `piece` bytes
// (or stops after `stopAfter` bytes) and answers with what it saw.
const READER = `
  const { parentPort } = require("node:worker_threads");
  parentPort.on("message", async ({ modulePath, ring, piece, stopAfter }) => {
    const { RingReader } = await import(modulePath);
    const reader = new RingReader(ring);
    const dest = new Uint8Array(piece);
    let total = 0, sum = 0, last;
    for (;;) {
      last = reader.readInto(dest);
      if (last <= 0) break;
      for (let i = 0; i < last; i++) sum = (sum + dest[i] * ((total + i) % 251 + 1)) % 1000000007;
      total += last;
      if (stopAfter !== undefined && total >= stopAfter) { reader.close(); break; }
    }
    parentPort.postMessage({ total, sum, last });
  });
`;

function checksum(bytes, start) {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i] * ((start + i) % 251 + 1)) % 1000000007;
  return sum;
}

/** Runs `streams` through one reader thread; fails if any stream is not answered in time. */
async function withReader(run) {
  const worker = new Worker(READER, { eval: true });
  const answers = [];
  let waiting = null;
  worker.on("message", (m) => (waiting ? (waiting(m), (waiting = null)) : answers.push(m)));
  const answer = (timeoutMs) =>
    answers.length
      ? Promise.resolve(answers.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the reader did not answer within ${timeoutMs} ms: it waits for a wake-up that never comes`)), timeoutMs);
          waiting = (m) => (clearTimeout(timer), resolve(m));
        });
  try {
    await run(worker, answer);
  } finally {
    await worker.terminate();
  }
}

function spin(microseconds) {
  const until = performance.now() + microseconds / 1000;
  while (performance.now() < until);
}

test("bytes arrive in order through a ring smaller than the stream, and the end is seen", async () => {
  await withReader(async (worker, answer) => {
    const ring = newRing(64 << 10);
    worker.postMessage({ modulePath, ring, piece: 8192 });
    const writer = new RingWriter(ring);
    const data = new Uint8Array(3 << 20).map((_, i) => (i * 7 + (i >> 9)) & 0xff);
    for (let at = 0; at < data.length; at += 100_003) assert.equal(await writer.write(data.subarray(at, at + 100_003)), true);
    writer.end(true);
    const seen = await answer(10_000);
    assert.deepEqual(seen, { total: data.length, sum: checksum(data, 0), last: 0 });
  });
});

test("a failed stream reads as -1 after the bytes written before the failure", async () => {
  await withReader(async (worker, answer) => {
    const ring = newRing(64 << 10);
    worker.postMessage({ modulePath, ring, piece: 4096 });
    const writer = new RingWriter(ring);
    await writer.write(new Uint8Array(10_000).fill(3));
    writer.end(false);
    const seen = await answer(10_000);
    assert.equal(seen.total, 10_000);
    assert.equal(seen.last, -1);
  });
});

test("a reader that stops early releases a writer waiting for room", async () => {
  await withReader(async (worker, answer) => {
    const ring = newRing(64 << 10);
    worker.postMessage({ modulePath, ring, piece: 4096, stopAfter: 100_000 });
    const writer = new RingWriter(ring);
    let accepted = true;
    for (let i = 0; i < 100 && accepted; i++) accepted = await writer.write(new Uint8Array(32 << 10));
    assert.equal(accepted, false, "the writer learns that the reader is gone");
    assert.ok((await answer(10_000)).total >= 100_000);
  });
});

test("an end just as the reader is about to wait still wakes it (thousands of short streams)", async () => {
  await withReader(async (worker, answer) => {
    // The end comes 0–40 µs after the last write: the reader is by then waking, reading the
    // last bytes, or looking at the state before waiting again — the window where a
    // wake-up was lost.
    for (let i = 0; i < 4000; i++) {
      const ring = newRing(64 << 10);
      worker.postMessage({ modulePath, ring, piece: 4096 });
      const writer = new RingWriter(ring);
      const data = new Uint8Array(1 + (i % 5000)).fill(i & 0xff);
      await writer.write(data);
      spin(i % 41);
      writer.end(true);
      const seen = await answer(5_000);
      assert.equal(seen.total, data.length, `stream ${i}`);
    }
  });
});
