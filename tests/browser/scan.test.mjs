// End to end: every image of ../shared/images dropped on the page (a trusted drag-and-drop
// through the DevTools protocol) and chosen with the file picker; the page's JSON download
// must equal `lookout scan --format json` of the same file (modulo timestamps), the
// progress bar must reach 100 %, and no request may leave the page's origin.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { IMAGES, OUTPUT, cliBinary, comparable, dropFile, key, nativeScan, openPage, requireShared, sorted, waitForScanEnd } from "./harness.mjs";

requireShared();
const GROUND_TRUTH = JSON.parse(readFileSync(join(IMAGES, "ground-truth.json"), "utf8"));
const IMAGE_FILES = readdirSync(IMAGES).filter((f) => /\.tar(\.gz)?$/.test(f)).sort();

function groundTruthFor(file) {
  for (const [name, image] of Object.entries(GROUND_TRUTH)) {
    if (image.files && file in image.files) return { name, image };
  }
  return null;
}

/** Installs a recorder of the highest value the progress bar ever shows. */
async function recordProgress(page) {
  await page.evaluate(() => {
    const bar = document.getElementById("progress-bar");
    window.__progressMax = 0;
    window.__progressValues = [];
    new MutationObserver(() => {
      window.__progressMax = Math.max(window.__progressMax, bar.value);
      window.__progressValues.push(bar.value);
    }).observe(bar, { attributes: true, attributeFilter: ["value"] });
  });
}

async function downloadJson(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
  const path = await download.path();
  return JSON.parse(readFileSync(path, "utf8"));
}

let session;
before(async () => {
  session = await openPage();
});
after(async () => {
  await session?.close();
});

describe("scanning every shared image in the page", () => {
  const cli = cliBinary();
  for (const file of IMAGE_FILES) {
    for (const how of ["drop", "picker"]) {
      test(`${file} via ${how}`, async () => {
        const { page, context } = session;
        const path = join(IMAGES, file);
        await recordProgress(page);
        if (how === "drop") await dropFile(page, context, "#drop-zone", path);
        else await page.setInputFiles("#file-input", path);
        const end = await waitForScanEnd(page);
        assert.equal(end.results, true, `scan failed: ${end.message}`);
        assert.equal(await page.evaluate(() => window.__progressMax), 100, "the progress bar reaches 100 %");
        const values = await page.evaluate(() => window.__progressValues);
        for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `progress never goes back (${values.join(",")})`);

        const report = await downloadJson(page);
        assert.equal(report.schema, "lookout.scan/v1");
        if (cli) {
          const native = nativeScan(cli, path);
          assert.deepEqual(comparable(report), comparable(native), "the page's JSON equals the CLI's");
        } else {
          // Until the scan CLI exists: the packages must be the ground truth's.
          const truth = groundTruthFor(file);
          assert.ok(truth, `${file} is not described by ground-truth.json`);
          const got = sorted(report.packages.map((p) => key(p.ecosystem, p.name, p.version)));
          const want = sorted(truth.image.packages.map((p) => key(p.ecosystem, p.name, p.version)));
          assert.deepEqual(got, want);
        }

        if (file === "debian12-apps.oci.tar" && how === "drop") {
          await page.screenshot({ path: join(OUTPUT, "debian12-apps-results.png") });
        }
      });
    }
  }

  test("a gzip-compressed archive (docker save | gzip) scans like the plain one", async () => {
    const { page } = session;
    const dir = mkdtempSync(join(tmpdir(), "lookout-gz-"));
    try {
      const plainPath = join(IMAGES, "debian12-apps.docker.tar");
      const gzPath = join(dir, "debian12-apps.docker.tar.gz");
      writeFileSync(gzPath, gzipSync(readFileSync(plainPath), { level: 1 }));
      await recordProgress(page);
      await page.setInputFiles("#file-input", gzPath);
      const end = await waitForScanEnd(page);
      assert.equal(end.results, true, `scan failed: ${end.message}`);
      assert.equal(await page.evaluate(() => window.__progressMax), 100);
      const fromGz = await downloadJson(page);
      await page.setInputFiles("#file-input", plainPath);
      assert.equal((await waitForScanEnd(page)).results, true);
      const plain = await downloadJson(page);
      assert.deepEqual(comparable(fromGz), comparable(plain));
      assert.ok(fromGz.packages.length > 100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every request stayed on the page's origin", () => {
    assert.ok(session.requests.length > 0, "requests were recorded");
    assert.deepEqual(session.foreignRequests(), []);
  });

  test("no errors were logged", () => {
    assert.deepEqual(session.consoleErrors, []);
  });
});
