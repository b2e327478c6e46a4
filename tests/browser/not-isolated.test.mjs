// The page served without cross-origin isolation (no COOP/COEP headers, as on a static
// host that cannot send them): no shared memory, so no decoder workers — each layer worker
// reads its blob with FileReaderSync and inflates gzip with flate2 in wasm. The report must
// still be the CLI's, for stored and gzip layers alike.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { IMAGES, cliBinary, comparable, nativeScan, openPage, requireShared, waitForScanEnd } from "./harness.mjs";

requireShared();

let session;
const workerUrls = [];
before(async () => {
  session = await openPage({ isolated: false });
  session.page.on("worker", (worker) => workerUrls.push(worker.url()));
});
after(async () => {
  await session?.close();
});

for (const file of ["debian12-apps.docker.tar", "debian12-apps.oci.tar"]) {
  test(`${file} scans without cross-origin isolation and equals the CLI`, async () => {
    const { page } = session;
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false, "served without COOP/COEP");
    const path = join(IMAGES, file);
    await page.setInputFiles("#file-input", path);
    const end = await waitForScanEnd(page);
    assert.equal(end.results, true, `scan failed: ${end.message}`);
    assert.ok(!workerUrls.some((u) => u.includes("decoder")), `no decoder worker without shared memory (workers: ${workerUrls.join(", ")})`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
    const report = JSON.parse(readFileSync(await download.path(), "utf8"));
    const cli = cliBinary();
    assert.ok(cli, "the CLI is built (scripts/test.sh builds it before the browser tests)");
    const native = nativeScan(cli, path);
    assert.deepEqual(comparable(report), comparable(native), "the page's findings equal the CLI's");
    assert.deepEqual([...report.warnings].sort(), [...native.warnings].sort(), "the page's warnings equal the CLI's");
  });
}
