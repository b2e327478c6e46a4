// Gzip layers take the native path in the page (DecompressionStream in a decoder worker,
// read by the wasm walk through a shared ring) and fall back to the wasm inflater where the
// native one stops: a multi-member gzip, trailing garbage, a truncated or corrupt stream.
// Whatever the path, the report — warnings included — must be the CLI's, and hardlinks
// (a second pass over the layer) must resolve.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import { dockerArchive } from "../../scripts/image-tar.mjs";
import { ENV_FILE, OS_RELEASE, dpkg, noise } from "./layer-fixtures.mjs";
import { cliBinary, comparable, nativeScan, openPage, waitForScanEnd } from "./harness.mjs";

const gzip = (bytes) => gzipSync(bytes, { level: 6 });
/** Two gzip members (as pigz or a concatenating tool writes): DecompressionStream stops after one. */
const twoMembers = (tar) => Buffer.concat([gzip(tar.subarray(0, 3000)), gzip(tar.subarray(3000))]);
const withGarbage = (tar) => Buffer.concat([gzip(tar), Buffer.from("this is not a gzip member")]);
const truncated = (tar) => {
  const blob = gzip(tar);
  return blob.subarray(0, Math.floor(blob.length * 0.6));
};
const corrupt = (tar) => {
  const blob = Buffer.from(gzip(tar));
  for (let i = Math.floor(blob.length / 2); i < Math.floor(blob.length / 2) + 64; i++) blob[i] ^= 0x5a;
  return blob;
};

const IMAGE = dockerArchive({
  repoTag: "lookout-test/gzip-layers:1",
  layers: [
    {
      createdBy: "base (gzip)",
      files: [
        { name: "etc/os-release", data: OS_RELEASE },
        { name: "var/lib/dpkg/status", data: dpkg("base-files", "12.4") },
      ],
      encode: gzip,
    },
    {
      createdBy: "two gzip members",
      files: [
        { name: "opt/filler.bin", data: noise(6000, 7) },
        { name: "app/.env", data: ENV_FILE },
      ],
      encode: twoMembers,
    },
    {
      createdBy: "hardlinked dpkg status (second pass)",
      files: [
        { name: "usr/share/real-status", data: dpkg("base-files", "12.4") + dpkg("tzdata", "2024a-0+deb12u1") },
        { name: "var/lib/dpkg/status", link: "usr/share/real-status" },
      ],
      encode: gzip,
    },
    { createdBy: "garbage after the gzip stream", files: [{ name: "srv/a.txt", data: "a\n" }], encode: withGarbage },
    {
      createdBy: "truncated gzip",
      files: [
        { name: "srv/.env", data: ENV_FILE },
        { name: "srv/big.bin", data: noise(400_000, 11) },
      ],
      encode: truncated,
    },
    { createdBy: "corrupt gzip", files: [{ name: "srv/c.bin", data: noise(300_000, 13) }], encode: corrupt },
  ],
});

let dir;
let session;
const workerUrls = [];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "lookout-gzip-layers-"));
  writeFileSync(join(dir, "gzip-layers.tar"), IMAGE);
  session = await openPage();
  session.page.on("worker", (worker) => workerUrls.push(worker.url()));
});
after(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("odd gzip layers give the CLI's report, warnings included", async (t) => {
  const { page } = session;
  const path = join(dir, "gzip-layers.tar");
  await page.setInputFiles("#file-input", path);
  const end = await waitForScanEnd(page);
  assert.equal(end.results, true, `scan failed: ${end.message}`);
  assert.ok(
    workerUrls.some((u) => u.includes("decoder")),
    `the page is cross-origin isolated, so gzip layers go through a decoder worker (workers: ${workerUrls.join(", ")})`,
  );
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
  const report = JSON.parse(readFileSync(await download.path(), "utf8"));

  // The layers' own findings, whatever the inflater: the second member's secret, the
  // hardlinked status file, and what was read before each break.
  assert.ok(report.secrets.some((s) => s.path === "app/.env" && s.layer === 1), "the secret in the second gzip member is found");
  assert.ok(report.packages.some((p) => p.name === "tzdata"), "the hardlinked dpkg status is read");
  const layerWarnings = report.warnings.filter((w) => /layer \d/.test(w));
  for (const layer of [3, 4, 5]) {
    assert.ok(layerWarnings.some((w) => w.includes(`layer ${layer}`)), `layer ${layer} has a warning: ${layerWarnings.join(" | ")}`);
  }

  // Layers cut short leave the scan partial: the page says so above the results.
  const notice = await page.locator("p.incomplete").textContent();
  assert.match(notice, /^Incomplete scan\. Layers [\d, ]+ could not be read to the end/, notice);
  for (const layer of notice.match(/Layers ([\d, ]+)/)[1].trim().split(", ")) {
    assert.ok(layerWarnings.some((w) => w.includes(`layer ${layer}`)), `layer ${layer} is named and has a warning`);
  }

  const cli = cliBinary();
  if (!cli) {
    t.diagnostic("no CLI built: compared with the expected findings only");
    return;
  }
  const native = nativeScan(cli, path, 64 << 20);
  assert.deepEqual(comparable(report), comparable(native), "the page's findings equal the CLI's");
  assert.deepEqual([...report.warnings].sort(), [...native.warnings].sort(), "the page's warnings equal the CLI's");
});

test("no request left the origin and nothing was logged as an error", () => {
  assert.deepEqual(session.foreignRequests(), []);
  assert.deepEqual(session.consoleErrors, []);
});
