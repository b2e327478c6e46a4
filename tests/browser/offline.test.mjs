// Offline once loaded: the service worker (web/public/sw.js) stores the page, its scripts,
// the wasm module and the DB index when it installs, and each DB shard when a scan fetches
// it. With the page's server gone, a reload still opens the page, an image whose
// ecosystems were scanned before is matched exactly as online, and an image needing shards
// never fetched is still scanned, with a warning naming what was not matched.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DIST, IMAGES, openPage, requireShared, waitForScanEnd } from "./harness.mjs";

requireShared();

async function scanJson(page, path) {
  await page.setInputFiles("#file-input", path);
  const end = await waitForScanEnd(page);
  assert.equal(end.results, true, `scan failed: ${end.message}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
  return JSON.parse(readFileSync(await download.path(), "utf8"));
}

async function until(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("once loaded, the page scans offline and says which DB shards it could not fetch", { timeout: 300_000 }, async () => {
  const precache = JSON.parse(readFileSync(join(DIST, "precache.json"), "utf8"));
  const session = await openPage();
  try {
    const { page } = session;
    await until("the service worker to control the page", () => page.evaluate(() => navigator.serviceWorker.controller !== null));
    await until("the page to be stored", () =>
      page.evaluate(async (n) => (await (await caches.open("lookout-v1")).keys()).length >= n, precache.length),
    );
    const apps = join(IMAGES, "debian12-apps.oci.tar");
    const online = await scanJson(page, apps);
    assert.ok(online.vulnerabilities.length > 0, "the image has vulnerabilities to compare");

    await session.stopServer();
    await page.reload();
    await page.waitForSelector("#drop-zone");
    const offline = await scanJson(page, apps);
    const ids = (r) => r.vulnerabilities.map((v) => `${v.package} ${v.version} ${v.id}`).sort();
    assert.deepEqual(ids(offline), ids(online), "the stored shards match as online");
    assert.deepEqual(offline.warnings, online.warnings);

    // Alpine's shard was never fetched: the packages are listed, the report says so.
    const alpine = await scanJson(page, join(IMAGES, "alpine-synthetic.oci.tar"));
    assert.ok(alpine.packages.length > 0, "the packages are found offline");
    assert.ok(
      alpine.warnings.some((w) => w.includes("shard for Alpine could not be fetched (offline?)")),
      JSON.stringify(alpine.warnings),
    );
    assert.deepEqual(session.foreignRequests(), []);
  } finally {
    await session.close();
  }
});

test("without a service worker, losing the server gives a clear message, not a scan that waits forever", { timeout: 300_000 }, async () => {
  const session = await openPage({ serviceWorkers: "block" });
  try {
    const { page } = session;
    const alpine = join(IMAGES, "alpine-synthetic.oci.tar");
    // The workers started at page load have their scripts; the scan works, without the
    // DB shard it cannot fetch.
    await until("the page's workers to load", () => page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/db/index.json"))));
    await new Promise((r) => setTimeout(r, 1000));
    await session.stopServer();
    const first = await scanJson(page, alpine);
    assert.ok(first.warnings.some((w) => w.includes("could not be fetched (offline?)")), JSON.stringify(first.warnings));
    // The next scan's workers cannot load their scripts any more: a message says so.
    await page.setInputFiles("#file-input", alpine);
    const end = await waitForScanEnd(page, 60_000);
    assert.equal(end.results, false);
    assert.match(end.message ?? "", /failed to start|worker/i);
  } finally {
    await session.close();
  }
});
