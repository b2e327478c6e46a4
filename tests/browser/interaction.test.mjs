// The scan panel as a person drives it: the progress line names the step and counts bytes
// and layers; Cancel stops a running scan and the page scans the next file; a file dropped
// while another scans replaces it (the first one's results never appear); the drop zone
// opens the file picker from the keyboard; the bundled example scans.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import { IMAGES, openPage, requireShared, waitForScanEnd } from "./harness.mjs";

requireShared();
let session;
let dir;
/** debian12-apps.docker.tar gzipped: the page inflates it first, so a scan runs for seconds. */
let slow;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "lookout-interaction-"));
  slow = join(dir, "debian12-apps.docker.tar.gz");
  writeFileSync(slow, gzipSync(readFileSync(join(IMAGES, "debian12-apps.docker.tar")), { level: 1 }));
  session = await openPage();
});
after(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Resolves once the progress line shows a step matching `pattern`. */
async function stepReached(page, pattern, timeout = 60_000) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.getElementById("progress-step").textContent ?? ""),
    pattern.source,
    { timeout, polling: 10 },
  );
}

test("the progress line names each step and counts bytes and layers", async () => {
  const { page } = session;
  await page.evaluate(() => {
    window.__progressLines = [];
    const record = () =>
      window.__progressLines.push(`${document.getElementById("progress-step").textContent} | ${document.getElementById("progress-numbers").textContent}`);
    new MutationObserver(record).observe(document.getElementById("progress"), { subtree: true, childList: true, characterData: true });
  });
  await page.setInputFiles("#file-input", join(IMAGES, "debian12-apps.oci.tar"));
  assert.equal((await waitForScanEnd(page)).results, true);
  const lines = await page.evaluate(() => window.__progressLines);
  assert.ok(lines.some((l) => /^Scanning 6 layers \| .*B \/ .*B · \d\/6 layers · \d+%$/.test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /^Scanned layer \d of 6 \|/.test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /^Matching vulnerabilities \|/.test(l)), lines.join("\n"));
  assert.match(lines.at(-1), /^Done \| .* · 6\/6 layers · 100%$/);
});

test("Cancel stops a running scan, and the next file scans", async () => {
  const { page } = session;
  await page.setInputFiles("#file-input", slow);
  await stepReached(page, /Decompressing|Scanning/);
  await page.click("#cancel-button");
  const end = await waitForScanEnd(page, 30_000);
  assert.equal(end.results, false);
  assert.equal(end.message, "Scan cancelled.");
  assert.equal(await page.locator("#progress").isHidden(), true);
  // Nothing of the cancelled scan shows up later.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await page.locator("#results").isHidden(), true);

  await page.setInputFiles("#file-input", join(IMAGES, "alpine-synthetic.oci.tar"));
  assert.equal((await waitForScanEnd(page)).results, true);
  assert.equal(await page.locator(".result-head h2").textContent(), "alpine-synthetic.oci.tar");
});

test("a file chosen while another scans replaces it", async () => {
  const { page } = session;
  await page.setInputFiles("#file-input", slow);
  await stepReached(page, /Decompressing|Scanning/);
  await page.setInputFiles("#file-input", join(IMAGES, "alpine-synthetic.docker.tar"));
  assert.equal((await waitForScanEnd(page)).results, true);
  assert.equal(await page.locator(".result-head h2").textContent(), "alpine-synthetic.docker.tar");
  // The abandoned scan never takes the view over.
  await new Promise((r) => setTimeout(r, 4000));
  assert.equal(await page.locator(".result-head h2").textContent(), "alpine-synthetic.docker.tar");
  assert.equal(await page.locator("#message").isHidden(), true);
});

test("the drop zone opens the file picker from the keyboard", async () => {
  const { page } = session;
  // Playwright turns on file-chooser interception when the first listener is added; a key
  // press racing that setup can open the chooser unseen (one CI run in many timed out
  // here). Enter is pressed again then: a page where Enter does nothing still fails.
  let chooser = null;
  for (let attempt = 0; attempt < 3 && !chooser; attempt++) {
    await page.focus("#drop-zone");
    [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: 10_000 }).catch(() => null), page.keyboard.press("Enter")]);
  }
  assert.ok(chooser, "Enter on the focused drop zone opens the file picker");
  // The previous test's results are still on screen until this scan starts: wait for these.
  await chooser.setFiles(join(IMAGES, "alpine-synthetic.oci.tar"));
  await page.waitForFunction(() => document.querySelector(".result-head h2")?.textContent === "alpine-synthetic.oci.tar", null, { timeout: 120_000 });
});

/** Names of the page's inflated copies in its origin-private file system. */
async function inflatedCopies(page) {
  return page.evaluate(async () => {
    const names = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) {
      if (name.startsWith("lookout-inflated-")) names.push(name);
    }
    return names;
  });
}

test("a .tar.gz copy left by a reloaded tab is removed at the next start", async () => {
  const { page } = session;
  const small = join(dir, "alpine-synthetic.docker.tar.gz");
  writeFileSync(small, gzipSync(readFileSync(join(IMAGES, "alpine-synthetic.docker.tar"))));
  await page.setInputFiles("#file-input", small);
  assert.equal((await waitForScanEnd(page)).results, true);
  // Kept while its results are shown (the downloads re-read nothing, but a picker may).
  assert.equal((await inflatedCopies(page)).length, 1);
  await page.reload();
  await page.waitForFunction(
    async () => {
      for await (const name of (await navigator.storage.getDirectory()).keys()) {
        if (name.startsWith("lookout-inflated-")) return false;
      }
      return true;
    },
    null,
    { timeout: 20_000, polling: 100 },
  );
  assert.deepEqual(await inflatedCopies(page), []);
});

test("the bundled example image scans", async () => {
  const { page } = session;
  await page.click("#example-button");
  await page.waitForFunction(() => document.querySelector(".result-head h2")?.textContent === "example.tar", null, { timeout: 120_000 });
  const packages = await page.locator(".summary .count:has-text('packages') strong").textContent();
  assert.ok(Number(packages) > 0, `the example has packages (${packages})`);
});

test("only the DB shards of the image's ecosystems are fetched", async () => {
  const { page } = session;
  const shardsDuring = async (image) => {
    const before = session.requests.length;
    await page.setInputFiles("#file-input", join(IMAGES, image));
    await page.waitForFunction((name) => document.querySelector(".result-head h2")?.textContent === name, image, { timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
    const report = JSON.parse(readFileSync(await download.path(), "utf8"));
    const fetched = session.requests
      .slice(before)
      .map((url) => new URL(url).pathname)
      .filter((path) => /\/db\/[^/]+\.json\.gz$/.test(path))
      .map((path) => decodeURIComponent(path.split("/").pop().replace(/\.json\.gz$/, "")));
    const ecosystems = new Set(report.packages.map((p) => p.ecosystem.split(":")[0]));
    return { fetched: [...new Set(fetched)].sort(), ecosystems: [...ecosystems].sort() };
  };
  const alpine = await shardsDuring("alpine-synthetic.docker.tar");
  assert.deepEqual(alpine.fetched, alpine.ecosystems);
  const debian = await shardsDuring("debian12-apps.oci.tar");
  assert.deepEqual(debian.fetched, debian.ecosystems);
  assert.ok(debian.fetched.length >= 5 && !debian.fetched.includes("Alpine"), debian.fetched.join(", "));
});

test("no request left the origin and nothing was logged as an error", () => {
  assert.deepEqual(session.foreignRequests(), []);
  assert.deepEqual(session.consoleErrors, []);
});
