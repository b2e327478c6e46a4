// The results view works as a user drives it, on debian12-apps: each vulnerability filter
// (severity, fix status, package, layer, search — the path included) shows exactly the
// report's rows that match, sorting follows the header, advisory links go out over https,
// packages are searchable, secrets are shown redacted, and the Layers view says what each
// layer did (the ground truth's whiteouts and opaque directories). Row counts are checked
// against the page's own JSON download, which scan.test.mjs checks against the CLI.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { IMAGES, openPage, requireShared, waitForScanEnd } from "./harness.mjs";

requireShared();
const IMAGE = join(IMAGES, "debian12-apps.oci.tar");
const TRUTH = JSON.parse(readFileSync(join(IMAGES, "ground-truth.json"), "utf8"))["debian12-apps"];

let session;
let report;
before(async () => {
  session = await openPage();
  const { page } = session;
  await page.setInputFiles("#file-input", IMAGE);
  const end = await waitForScanEnd(page);
  assert.equal(end.results, true, `scan failed: ${end.message}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('.downloads button[data-format="json"]')]);
  report = JSON.parse(readFileSync(await download.path(), "utf8"));
});
after(async () => {
  await session?.close();
});

const rows = (page, label) => page.locator(`table[aria-label="${label}"] tbody tr`);
const openTab = (page, id) => page.click(`#result-tab-${id}`);

test("nothing is left to cancel once the results are shown", async () => {
  assert.equal(await session.page.locator("#cancel-button").isVisible(), false);
});

test("each vulnerability filter shows exactly the report's matching rows", async () => {
  const { page } = session;
  await openTab(page, "vulns");
  const table = rows(page, "Vulnerabilities");
  const all = report.vulnerabilities;
  assert.ok(all.length > 100, "debian12-apps has vulnerabilities to filter");
  assert.equal(await table.count(), all.length);

  await page.uncheck('.sev-toggle input[value="CRITICAL"]');
  assert.equal(await table.count(), all.filter((v) => v.severity !== "CRITICAL").length);
  assert.equal(await table.locator(".badge.sev-critical").count(), 0);
  await page.check('.sev-toggle input[value="CRITICAL"]');

  await page.selectOption('select[aria-label="Fix status"]', "fixed");
  assert.equal(await table.count(), all.filter((v) => v.fixed_version).length);
  await page.selectOption('select[aria-label="Fix status"]', "unfixed");
  assert.equal(await table.count(), all.filter((v) => !v.fixed_version).length);
  await page.selectOption('select[aria-label="Fix status"]', "all");

  await page.selectOption('select[aria-label="Package"]', "minimist");
  const minimist = all.filter((v) => v.package === "minimist");
  assert.equal(await table.count(), minimist.length);
  // One package in several files is one row per file, and each row names its file.
  const shownPaths = await table.locator(".found-in").allTextContents();
  assert.deepEqual(shownPaths.sort(), minimist.map((v) => v.path).sort());
  await page.selectOption('select[aria-label="Package"]', "");

  await page.selectOption('select[aria-label="Layer"]', "3");
  assert.equal(await table.count(), all.filter((v) => v.layer === 3).length);
  await page.selectOption('select[aria-label="Layer"]', "");

  await page.fill('input[aria-label="Search vulnerabilities"]', "mkdirp/node_modules");
  const nested = all.filter((v) => v.path.includes("mkdirp/node_modules"));
  assert.ok(nested.length > 0);
  assert.equal(await table.count(), nested.length);
  await page.fill('input[aria-label="Search vulnerabilities"]', "CVE-2021-44228");
  assert.equal(await table.count(), all.filter((v) => v.id === "CVE-2021-44228" || v.aliases.includes("CVE-2021-44228")).length);
  await page.fill('input[aria-label="Search vulnerabilities"]', "");
  assert.equal(await table.count(), all.length);
});

test("sorting follows the header and advisory links go out over https", async () => {
  const { page } = session;
  await openTab(page, "vulns");
  const header = page.locator('table[aria-label="Vulnerabilities"] th:has(button[data-key="version"])');
  await header.locator("button").click();
  assert.equal(await header.getAttribute("aria-sort"), "ascending");
  await header.locator("button").click();
  assert.equal(await header.getAttribute("aria-sort"), "descending");
  const hrefs = await page.locator('table[aria-label="Vulnerabilities"] tbody a').evaluateAll((links) => links.map((a) => a.href));
  assert.equal(hrefs.length, report.vulnerabilities.length);
  assert.ok(hrefs.every((href) => href.startsWith("https://")), hrefs.find((h) => !h.startsWith("https://")));
});

test("packages are listed and searchable; secrets are shown redacted", async () => {
  const { page } = session;
  await openTab(page, "packages");
  assert.equal(await rows(page, "Packages").count(), report.packages.length);
  await page.fill('input[aria-label="Search packages"]', "pkg:npm/");
  assert.equal(await rows(page, "Packages").count(), report.packages.filter((p) => p.purl.includes("pkg:npm/")).length);

  await openTab(page, "secrets");
  const shown = await rows(page, "Secrets").count();
  assert.equal(shown, report.secrets.length);
  const matches = await page.locator('table[aria-label="Secrets"] tbody td.mono:last-child').allTextContents();
  assert.deepEqual(matches.sort(), report.secrets.map((s) => s.match).sort());
  const plaintexts = TRUTH.secrets.map((s) => s.value ?? s.secret).filter((v) => typeof v === "string" && v.length >= 8);
  for (const value of plaintexts) {
    assert.ok(!matches.some((m) => m.includes(value)), `a secret is shown in full: ${value.slice(0, 4)}…`);
  }
});

test("the Layers view says what each layer added and deleted", async () => {
  const { page } = session;
  await openTab(page, "layers");
  const layers = page.locator("li.layer");
  assert.equal(await layers.count(), TRUTH.layers.length);
  for (const truth of TRUTH.layers) {
    const layer = page.locator(`li.layer[data-layer="${truth.index}"]`);
    assert.equal((await layer.locator(".created-by").textContent()).trim(), truth.created_by);
    const added = await layer.locator(".layer-added").textContent();
    if (truth.whiteouts.length) assert.match(added, new RegExp(`deleted ${truth.whiteouts.length} paths?`));
    else assert.doesNotMatch(added, /deleted/);
    if (truth.opaque_dirs.length) assert.match(added, new RegExp(`emptied ${truth.opaque_dirs.length} director`));
    // The ground truth's purged packages are named by a layer after the one that showed them.
    const removedHere = await layer.locator(".layer-removed p").allTextContents();
    const purged = TRUTH.packages_removed_in_later_layers.map((p) => `${p.name} ${p.version}`);
    for (const text of removedHere) {
      for (const name of text.split(", ")) assert.ok(purged.includes(name), `layer ${truth.index} lists ${name} as removed`);
    }
    const listed = await layer.locator("pre.paths").allTextContents();
    for (const path of [...truth.whiteouts.slice(0, 50), ...truth.opaque_dirs]) {
      assert.ok(listed.some((text) => text.split("\n").includes(path)), `layer ${truth.index} lists ${path}`);
    }
  }
});

test("the layer that purged a package names it", async () => {
  const { page } = session;
  assert.ok(TRUTH.packages_removed_in_later_layers.length > 0, "debian12-apps purges a package");
  for (const gone of TRUTH.packages_removed_in_later_layers) {
    const naming = page.locator("li.layer").filter({ has: page.locator(".layer-removed p", { hasText: `${gone.name} ${gone.version}` }) });
    assert.equal(await naming.count(), 1, `one layer names ${gone.name} ${gone.version} as removed`);
    assert.ok(Number(await naming.getAttribute("data-layer")) > gone.visible_up_to_layer);
    assert.match(await naming.locator(".layer-added").textContent(), /removed or replaced 1 package/);
  }
});

test("every download button gives its format, for the same packages and findings", async () => {
  const { page } = session;
  const fetchFormat = async (format) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`.downloads button[data-format="${format}"]`)]);
    assert.match(download.suggestedFilename(), /^debian12-apps\.oci\./);
    return JSON.parse(readFileSync(await download.path(), "utf8"));
  };
  const sarif = await fetchFormat("sarif");
  assert.equal(sarif.version, "2.1.0");
  assert.ok(sarif.runs[0].results.length >= report.vulnerabilities.length, "a SARIF result per vulnerability at least");
  const cyclonedx = await fetchFormat("cyclonedx");
  assert.equal(cyclonedx.bomFormat, "CycloneDX");
  const purls = new Set(report.packages.map((p) => p.purl));
  assert.deepEqual(new Set(cyclonedx.components.filter((c) => purls.has(c.purl)).map((c) => c.purl)), purls, "every package is a component");
  const spdx = await fetchFormat("spdx");
  assert.equal(spdx.spdxVersion, "SPDX-2.3");
  assert.ok(spdx.packages.length > report.packages.length, "every package, plus the image itself");
  const cosign = await fetchFormat("cosign-vuln");
  assert.match(cosign.scanner.uri, /lookout/);
  const ids = new Set(cosign.scanner.result.vulnerabilities.map((v) => v.id));
  assert.deepEqual(ids, new Set(report.vulnerabilities.map((v) => v.id)));
});

test("no errors were logged", () => {
  assert.deepEqual(session.consoleErrors, []);
});
