// An archive of several images (`docker save app:1 tools:2`): the page scans the first,
// says the archive holds more, and a picker scans the same file again for another image —
// whose report equals `lookout scan --ref` of the same file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { dockerArchiveOf } from "../../scripts/image-tar.mjs";
import { ENV_FILE, OS_RELEASE, dpkg } from "./layer-fixtures.mjs";
import { DIST, cliBinary, comparable, openPage, waitForScanEnd } from "./harness.mjs";

let session;
let dir;
let path;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "lookout-several-"));
  path = join(dir, "bundle.tar");
  writeFileSync(
    path,
    dockerArchiveOf([
      {
        repoTag: "example/app:1",
        layers: [{ createdBy: "base", files: [{ name: "etc/os-release", data: OS_RELEASE }, { name: "var/lib/dpkg/status", data: dpkg("tzdata", "2024a-0+deb12u1") }] }],
      },
      {
        repoTag: "example/tools:2",
        layers: [
          { createdBy: "base", files: [{ name: "etc/os-release", data: OS_RELEASE }, { name: "var/lib/dpkg/status", data: dpkg("openssl", "3.0.11-1~deb12u2") }] },
          { createdBy: "COPY .env /app/.env", files: [{ name: "app/.env", data: ENV_FILE }] },
        ],
      },
    ]),
  );
  session = await openPage();
});
after(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function downloadJson(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
  return JSON.parse(readFileSync(await download.path(), "utf8"));
}

test("the first image is scanned, the others are named, and the picker scans another", async () => {
  const { page } = session;
  await page.setInputFiles("#file-input", path);
  assert.equal((await waitForScanEnd(page)).results, true);
  const warnings = await page.locator(".warnings li").allTextContents();
  assert.ok(warnings.some((w) => w.includes("the archive holds 2 images") && w.includes("example/tools:2")), warnings.join("\n"));
  // The page has no --ref: its hint points at the picker; the downloaded report keeps the CLI's words.
  assert.ok(warnings.some((w) => w.includes("pick another in the Image list above")), warnings.join("\n"));
  assert.ok(!warnings.some((w) => w.includes("--ref")), warnings.join("\n"));
  const picker = page.locator('select[aria-label="Image"]');
  assert.deepEqual(await picker.locator("option").allTextContents(), ["example/app:1", "example/tools:2"]);
  assert.equal(await picker.inputValue(), "0");
  const first = await downloadJson(page);
  assert.deepEqual(first.packages.map((p) => p.name), ["tzdata"]);
  assert.ok(first.warnings.some((w) => w.includes("pick another with --ref")), first.warnings.join("\n"));

  await picker.selectOption("1");
  await page.waitForFunction(() => document.querySelector('select[aria-label="Image"]')?.value === "1", null, { timeout: 60_000 });
  assert.equal((await waitForScanEnd(page)).results, true);
  const second = await downloadJson(page);
  assert.deepEqual(second.packages.map((p) => p.name), ["openssl"]);
  assert.equal(second.secrets.length, 1, "the second image's .env secret");
  assert.deepEqual(second.warnings, [], "an image asked for gets no several-images warning");

  const cli = cliBinary();
  assert.ok(cli, "needs the release CLI (LOOKOUT_BIN or target/release/lookout) to compare with");
  const run = spawnSync(cli, ["scan", "--format", "json", "--no-progress", "--db", join(DIST, "db"), "--ref", "example/tools:2", path]);
  assert.equal(run.status, 0, String(run.stderr));
  assert.deepEqual(comparable(second), comparable(JSON.parse(run.stdout)), "the page's report for the picked image equals `lookout scan --ref`");
});

test("two untagged images are both offered, numbered, and the second one scans", async () => {
  const { page } = session;
  const untagged = join(dir, "untagged.tar");
  writeFileSync(
    untagged,
    dockerArchiveOf([
      { layers: [{ createdBy: "base", files: [{ name: "etc/os-release", data: OS_RELEASE }, { name: "var/lib/dpkg/status", data: dpkg("tzdata", "2024a-0+deb12u1") }] }] },
      { layers: [{ createdBy: "base", files: [{ name: "etc/os-release", data: OS_RELEASE }, { name: "var/lib/dpkg/status", data: dpkg("openssl", "3.0.11-1~deb12u2") }] }] },
    ]),
  );
  await page.setInputFiles("#file-input", untagged);
  assert.equal((await waitForScanEnd(page)).results, true);
  const picker = page.locator('select[aria-label="Image"]');
  assert.deepEqual(await picker.locator("option").allTextContents(), ["untagged #1", "untagged #2"]);
  await picker.selectOption("1");
  await page.waitForFunction(() => document.querySelector('select[aria-label="Image"]')?.value === "1", null, { timeout: 60_000 });
  assert.equal((await waitForScanEnd(page)).results, true);
  const picked = await downloadJson(page);
  assert.deepEqual(picked.packages.map((p) => p.name), ["openssl"], "the second image, not the first again");
});

test("no request left the origin and nothing was logged as an error", () => {
  assert.deepEqual(session.foreignRequests(), []);
  assert.deepEqual(session.consoleErrors, []);
});
