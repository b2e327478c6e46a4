// Files that are not images get a clear message, and the page stays usable: after each bad
// file, a good image still scans.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tarBytes } from "../../scripts/image-tar.mjs";
import { IMAGES, dropFile, openPage, requireShared, waitForScanEnd } from "./harness.mjs";

// The 8-byte PNG signature and an IHDR chunk: what a screenshot renamed to .tar starts with.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("0000000d49484452000000100000001008060000001ff3ff61", "hex"),
  Buffer.alloc(4096, 7),
]);

let dir;
let session;
before(async () => {
  requireShared();
  dir = mkdtempSync(join(tmpdir(), "lookout-bad-input-"));
  const good = readFileSync(join(IMAGES, "alpine-synthetic.docker.tar"));
  writeFileSync(join(dir, "notes.tar"), "These are my notes, not an archive.\n".repeat(100));
  writeFileSync(join(dir, "screenshot.tar"), PNG);
  writeFileSync(join(dir, "truncated.tar"), good.subarray(0, Math.floor(good.length / 2) + 100));
  // A download cut on a block boundary right after the first member (the layer), before
  // manifest.json: a tar that reads cleanly but for its missing end marker.
  const firstSize = parseInt(good.subarray(124, 136).toString("latin1").replace(/\0.*$/s, "").trim(), 8);
  writeFileSync(join(dir, "cut-between-members.tar"), good.subarray(0, 512 + Math.ceil(firstSize / 512) * 512));
  // A whole archive (end marker and all) whose manifest names a layer it does not hold: a
  // broken `docker save`, not a cut download.
  writeFileSync(
    join(dir, "missing-layer.tar"),
    tarBytes([
      { name: "manifest.json", data: JSON.stringify([{ Config: "config.json", RepoTags: ["x:1"], Layers: ["l1/layer.tar"] }]) },
      { name: "config.json", data: JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [`sha256:${"0".repeat(64)}`] } }) },
    ]),
  );
  writeFileSync(join(dir, "empty.tar"), Buffer.alloc(0));
  writeFileSync(join(dir, "bundle.tar"), Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(1020)]));
  mkdirSync(join(dir, "oci-layout-folder"));
  writeFileSync(join(dir, "oci-layout-folder", "index.json"), "{}");
  session = await openPage();
});
after(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cases = [
  // What the file is, said without quoting its bytes (the tar reader's own error did).
  ["notes.tar", /not a container image archive: not a tar archive: it is text\./i],
  ["screenshot.tar", /not a container image archive: not a tar archive: it is a PNG image\./i],
  ["bundle.tar", /not a container image archive: not a tar archive: it is a ZIP archive/i],
  ["truncated.tar", /truncated/i],
  ["cut-between-members.tar", /truncated/i],
  ["missing-layer.tar", /^Could not read missing-layer\.tar: .*l1\/layer\.tar.* is missing from the archive\.$/],
  ["empty.tar", /empty/i],
];

for (const [name, expected] of cases) {
  test(`${name}: a clear message, then the page scans the next file`, async () => {
    const { page } = session;
    await page.setInputFiles("#file-input", join(dir, name));
    const end = await waitForScanEnd(page, 60_000);
    assert.equal(end.results, false, `${name} must not produce results`);
    assert.match(end.message ?? "", expected);
    assert.match(end.message ?? "", new RegExp(name.replace(".", "\\.")));
    assert.doesNotMatch(end.message ?? "", /These are my notes|\n/, "the message neither quotes the file nor spans lines");
    assert.equal(await page.locator("#progress").isHidden(), true, "the progress bar is gone after a failure");

    await page.setInputFiles("#file-input", join(IMAGES, "alpine-synthetic.docker.tar"));
    const next = await waitForScanEnd(page, 120_000);
    assert.equal(next.results, true, `after ${name}, a good image scans: ${next.message}`);
    assert.equal(await page.locator("#message").isHidden(), true, "the old message is cleared");
  });
}

test("a dropped folder: a message saying what to drop, then the page scans the next file", async () => {
  const { page, context } = session;
  await dropFile(page, context, "#drop-zone", join(dir, "oci-layout-folder"));
  const end = await waitForScanEnd(page, 60_000);
  assert.equal(end.results, false);
  assert.match(end.message ?? "", /oci-layout-folder is a folder\. Drop the image's archive instead/);
  await page.setInputFiles("#file-input", join(IMAGES, "alpine-synthetic.docker.tar"));
  assert.equal((await waitForScanEnd(page, 120_000)).results, true);
});

test("no request left the origin and nothing was logged as an error", () => {
  assert.deepEqual(session.foreignRequests(), []);
  assert.deepEqual(session.consoleErrors, []);
});
