// zstd layers (decoded by the wasm side) and stored, uncompressed layers (read ahead by
// the decoder worker with Blob.stream and taken from a shared ring, falling back to
// FileReaderSync): whatever the path, the report — warnings included — must be the CLI's.
// The odd cases: zstd in several frames with a skippable frame between them, a truncated
// zstd stream, a stored layer cut short, a stored layer whose bytes do not hash to the
// config's diff_id (the digest is still taken over what came through the ring), and a
// hardlink that needs a second pass over a stored layer.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { dockerArchive } from "../../scripts/image-tar.mjs";
import { ENV_FILE, OS_RELEASE, dpkg, noise } from "./layer-fixtures.mjs";
import { cliBinary, comparable, nativeScan, openPage, waitForScanEnd } from "./harness.mjs";

/** `zstd -3`; `windowLog` keeps the decoder's window small (it holds back that much of a
 * frame until the frame ends, so only what lies beyond it is read from a cut frame). */
function zstd(bytes, windowLog = 0) {
  const args = ["-q", "-c", "-3", ...(windowLog ? [`--zstd=wlog=${windowLog}`] : [])];
  try {
    return execFileSync("zstd", args, { input: bytes, maxBuffer: 64 << 20 });
  } catch (error) {
    throw new Error(`building the zstd layers needs the zstd command (scripts/setup.sh installs it with apt): ${error.message}`);
  }
}

/** A zstd skippable frame (magic 0x184D2A5?, little-endian size, payload). */
function skippable(payload) {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0x184d2a53, 0);
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

const threeFrames = (tar) => Buffer.concat([zstd(tar.subarray(0, 2560)), skippable(Buffer.from("lookout")), zstd(tar.subarray(2560))]);
const cut = (fraction) => (blob) => blob.subarray(0, Math.floor(blob.length * fraction));
/** Flips bytes in the middle of the layer: inside file data, so the tar still reads. */
const tampered = (tar) => {
  const out = Buffer.from(tar);
  for (let i = 2048; i < 2048 + 16; i++) out[i] ^= 0x5a;
  return out;
};

const IMAGE = dockerArchive({
  repoTag: "lookout-test/zstd-stored-layers:1",
  layers: [
    {
      createdBy: "base (zstd)",
      files: [
        { name: "etc/os-release", data: OS_RELEASE },
        { name: "var/lib/dpkg/status", data: dpkg("base-files", "12.4") },
      ],
      encode: (tar) => zstd(tar),
    },
    {
      createdBy: "zstd in two frames with a skippable frame between",
      files: [
        { name: "opt/filler.bin", data: noise(6000, 3) },
        { name: "app/.env", data: ENV_FILE },
      ],
      encode: threeFrames,
    },
    {
      createdBy: "stored",
      files: [
        { name: "srv/.env", data: ENV_FILE },
        { name: "srv/big.bin", data: noise(3_000_000, 5) },
      ],
    },
    {
      createdBy: "stored, hardlinked dpkg status (second pass)",
      files: [
        { name: "usr/share/real-status", data: dpkg("base-files", "12.4") + dpkg("tzdata", "2024a-0+deb12u1") },
        { name: "var/lib/dpkg/status", link: "usr/share/real-status" },
      ],
    },
    { createdBy: "stored, tampered", files: [{ name: "srv/t.bin", data: noise(8000, 7) }], encode: tampered },
    {
      createdBy: "stored, cut short",
      files: [
        { name: "srv/cut.env", data: ENV_FILE },
        { name: "srv/cut.bin", data: noise(400_000, 9) },
      ],
      encode: cut(0.5),
    },
    {
      createdBy: "zstd, truncated",
      files: [
        { name: "srv/z.env", data: ENV_FILE },
        { name: "srv/z.bin", data: noise(1_000_000, 11) },
      ],
      encode: (tar) => cut(0.7)(zstd(tar, 17)),
    },
  ],
});

let dir;
let session;
const workerUrls = [];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "lookout-zstd-stored-"));
  writeFileSync(join(dir, "zstd-stored-layers.tar"), IMAGE);
  session = await openPage();
  session.page.on("worker", (worker) => workerUrls.push(worker.url()));
});
after(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("zstd and stored layers give the CLI's report, warnings included", async () => {
  const { page } = session;
  const path = join(dir, "zstd-stored-layers.tar");
  await page.setInputFiles("#file-input", path);
  const end = await waitForScanEnd(page);
  assert.equal(end.results, true, `scan failed: ${end.message}`);
  assert.ok(
    workerUrls.some((u) => u.includes("decoder")),
    `the page is cross-origin isolated, so stored layers go through a decoder worker (workers: ${workerUrls.join(", ")})`,
  );
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
  const report = JSON.parse(readFileSync(await download.path(), "utf8"));

  // The layers' own findings, whatever the path: secrets from the zstd frames and from
  // stored layers, the hardlinked package list, and each damaged layer named.
  const secretPaths = report.secrets.map((s) => s.path).sort();
  for (const want of ["app/.env", "srv/.env", "srv/cut.env", "srv/z.env"]) {
    assert.ok(secretPaths.includes(want), `secret in ${want} found (${secretPaths.join(", ")})`);
  }
  assert.ok(
    report.packages.some((p) => p.name === "tzdata"),
    "the hardlinked dpkg status of a stored layer is read (second pass)",
  );
  const warnings = report.warnings.join("\n");
  assert.match(warnings, /diff_id mismatch/, "the tampered stored layer is caught by its digest");
  assert.match(warnings, /truncated|unexpected end|failed to fill/i, "the cut layers are reported");

  const cli = cliBinary();
  assert.ok(cli, "the CLI is built (scripts/test.sh builds it before the browser tests)");
  const native = nativeScan(cli, path, 64 << 20);
  assert.deepEqual(comparable(report), comparable(native), "the page's findings equal the CLI's");
  assert.deepEqual([...report.warnings].sort(), [...native.warnings].sort(), "the page's warnings equal the CLI's");
});
