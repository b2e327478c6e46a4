// Shared harness for the browser tests: serves web/dist on an ephemeral 127.0.0.1 port,
// drives Debian's Chromium headless through playwright-core, and records every request the
// page makes so tests can assert that nothing leaves the origin.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DIST = join(ROOT, "web", "dist");
export const SHARED = resolve(ROOT, "..", "shared");
export const IMAGES = join(SHARED, "images");
export const OUTPUT = join(ROOT, "test-output", "browser");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

// TOOLING.md: exactly these flags; --user-data-dir is passed by launchPersistentContext.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function requireBuiltPage() {
  if (!existsSync(join(DIST, "index.html"))) {
    throw new Error(`web/dist is missing: build the page first (npm run build -w web, or tests/browser/run.sh)`);
  }
}

export function requireShared() {
  if (!existsSync(IMAGES)) {
    throw new Error(`these tests need ../shared beside the repository (looked for ${IMAGES})`);
  }
}

/** Opens the built page in a fresh headless Chromium profile. Call `close()` when done. */
export async function openPage({ hash = "", serviceWorkers = "allow", isolated = true } = {}) {
  requireBuiltPage();
  mkdirSync(OUTPUT, { recursive: true });
  const { server, url } = await startServer({ root: DIST, port: 0, isolated });
  const profile = mkdtempSync(join(tmpdir(), "lookout-chromium-"));
  process.env.XDG_CONFIG_HOME = join(profile, "xdg-config");
  process.env.XDG_CACHE_HOME = join(profile, "xdg-cache");
  const context = await chromium.launchPersistentContext(join(profile, "user-data"), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
    serviceWorkers,
  });
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  const missing = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // A page built without a DB snapshot asks for db/index.json once and says so in
    // the header; Chromium logs that 404. Any other failed load is an error.
    const dbAbsent = !existsSync(join(DIST, "db", "index.json"));
    if (dbAbsent && message.text().startsWith("Failed to load resource") && missing.every((u) => u.endsWith("/db/index.json"))) return;
    consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await page.goto(url + hash);
  const origin = new URL(url).origin;
  return {
    page,
    context,
    url,
    origin,
    requests,
    consoleErrors,
    /** Requests to anything but the page's own origin (blob: and data: URLs are local). */
    foreignRequests() {
      return requests.filter((r) => !r.startsWith(origin + "/") && !r.startsWith("blob:") && !r.startsWith("data:"));
    },
    /** Takes the page's server away (the page is then offline). */
    async stopServer() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
    async close() {
      await context.close();
      await this.stopServer();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A trusted drag-and-drop of a file on disk onto `selector`, through the DevTools protocol. */
export async function dropFile(page, context, selector, path) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const cdp = await context.newCDPSession(page);
  const data = { items: [], files: [resolve(path)], dragOperationsMask: 1 };
  for (const type of ["dragEnter", "dragOver", "drop"]) {
    await cdp.send("Input.dispatchDragEvent", { type, x, y, data });
  }
  await cdp.detach();
}

/** Waits for the scan to end: results shown or a message. Returns which. */
export async function waitForScanEnd(page, timeout = 300_000, polling = 100) {
  await page.waitForFunction(
    () => !document.getElementById("results").hidden || !document.getElementById("message").hidden,
    null,
    { timeout, polling },
  );
  return page.evaluate(() => ({
    results: !document.getElementById("results").hidden,
    message: document.getElementById("message").hidden ? null : document.getElementById("message").textContent,
  }));
}

/** The CLI to compare with: $LOOKOUT_BIN, else target/release/lookout when built. */
export function cliBinary() {
  const candidates = [
    process.env.LOOKOUT_BIN,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "release", "lookout"),
    join(ROOT, "target", "release", "lookout"),
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

/**
 * `lookout scan --format json` of `path`, parsed, read against the DB the page serves
 * (dist/db): without `--db` the CLI picks its own default, which for a binary reused from
 * another checkout's build (a shared target dir) can be a different or missing snapshot.
 */
export function nativeScan(cli, path, maxBuffer = 256 << 20) {
  const args = ["scan", "--format", "json", "--no-progress", "--db", join(DIST, "db"), path];
  const run = spawnSync(cli, args, { encoding: "utf8", maxBuffer });
  // A layer that could not be read to its end still gives the report, with exit 2 (a CI
  // gate must not pass such an image); the tests of broken layers compare that report.
  const unreadLayer = run.status === 2 && /could not be read to the end/.test(run.stderr);
  if (run.status !== 0 && !unreadLayer) throw new Error(`lookout scan ${path}: exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

export const key = (...parts) => parts.map((p) => (p === undefined || p === null ? "" : String(p))).join("\u0000");
export const sorted = (rows) => [...rows].sort();

/** The parts of a scan report both faces must agree on (timestamps and tool data left out). */
export function comparable(report) {
  return {
    schema: report.schema,
    format: report.artifact?.format,
    digest: report.artifact?.digest,
    os: report.os ?? null,
    packages: sorted((report.packages ?? []).map((p) => key(p.ecosystem, p.name, p.version, p.purl, p.path, p.layer))),
    vulnerabilities: sorted(
      (report.vulnerabilities ?? []).map((v) => key(v.id, v.package, v.version, v.fixed_version, v.severity, v.layer)),
    ),
    secrets: sorted((report.secrets ?? []).map((s) => key(s.rule, s.path, s.line, s.layer, s.deleted_in_layer, s.match))),
    misconfigurations: sorted((report.misconfigurations ?? []).map((m) => key(m.rule, m.severity, m.source))),
    summary: report.summary,
  };
}
