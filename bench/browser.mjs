#!/usr/bin/env node
// Benchmark (not a test): scan throughput of an image in the page (headless Chromium,
// one layer worker and the full pool) versus the native CLI, same machine, same run.
//
//   node bench/browser.mjs [IMAGE]      default ../shared/images/debian12-apps.oci.tar
//
// Prints MB/s of archive bytes for each face and the ratios the README records.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { DIST, IMAGES, ROOT, openPage, waitForScanEnd } from "../tests/browser/harness.mjs";

const image = process.argv[2] ?? join(IMAGES, "debian12-apps.oci.tar");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const size = statSync(image).size;
const cli = [process.env.LOOKOUT_BIN, join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "release", "lookout")].find(
  (p) => p && existsSync(p),
);

function best(times) {
  return Math.min(...times);
}

/**
 * Best of `runs` scans in one page: the page's own time from the file's arrival to the
 * results on screen (its `lookout:start` and `lookout:shown` marks), and the time seen
 * from outside (Playwright handing the file over included).
 */
async function browserRun(workers) {
  const session = await openPage({ hash: workers ? `#workers=${workers}` : "" });
  try {
    const page = [];
    const outside = [];
    for (let i = 0; i < runs; i++) {
      // A pause like a person's between two drops: the next scan's workers, started after
      // the previous scan, have compiled the wasm module by then (as on a first drop).
      await new Promise((r) => setTimeout(r, 1000));
      await session.page.evaluate(() => performance.clearMarks());
      const started = performance.now();
      await session.page.setInputFiles("#file-input", image);
      // Polled every 5 ms: the tests' 100 ms polling would add ~50 ms to each figure.
      const end = await waitForScanEnd(session.page, 600_000, 5);
      if (!end.results) throw new Error(`browser scan failed: ${end.message}`);
      outside.push((performance.now() - started) / 1000);
      const marked = await session.page.evaluate((names) => {
        const at = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime;
        const phases = names.slice(1).map((name, i) => at(name) - at(names[i]));
        return { total: (at("lookout:shown") - at("lookout:start")) / 1000, phases };
      }, PHASES);
      page.push(marked);
    }
    const fastest = page.reduce((a, b) => (b.total < a.total ? b : a));
    return { page: fastest.total, phases: fastest.phases, outside: best(outside) };
  } finally {
    await session.close();
  }
}

function nativeRun(threads) {
  if (!cli) return null;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(cli, ["scan", "--format", "json", "--no-progress", "--db", join(DIST, "db"), image], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, RAYON_NUM_THREADS: String(threads) },
      maxBuffer: 256 << 20,
    });
    times.push((performance.now() - started) / 1000);
  }
  return best(times);
}

/** The page's marks in order; the time between two consecutive ones is a phase. */
const PHASES = ["lookout:start", "lookout:index", "lookout:layers", "lookout:merge", "lookout:match", "lookout:done", "lookout:shown"];
const phaseLine = (phases) =>
  phases.map((ms, i) => `${PHASES[i].replace("lookout:", "")}→${PHASES[i + 1].replace("lookout:", "")} ${Math.round(ms)} ms`).join(", ");

const mbps = (seconds) => (seconds ? (size / 1e6 / seconds).toFixed(1) : "n/a");
const single = await browserRun(1);
const pool = await browserRun(0);
const native1 = nativeRun(1);
const nativeN = nativeRun(0);
console.log(`image: ${image} (${(size / 1e6).toFixed(1)} MB), best of ${runs}`);
console.log(`browser, 1 layer worker : ${single.page.toFixed(2)} s  ${mbps(single.page)} MB/s  (${single.outside.toFixed(2)} s seen from Playwright)`);
console.log(`browser, worker pool    : ${pool.page.toFixed(2)} s  ${mbps(pool.page)} MB/s  (${pool.outside.toFixed(2)} s seen from Playwright)`);
console.log(`  phases, 1 worker: ${phaseLine(single.phases)}`);
console.log(`  phases, pool    : ${phaseLine(pool.phases)}`);
if (native1 !== null) {
  console.log(`native CLI, 1 thread    : ${native1.toFixed(2)} s  ${mbps(native1)} MB/s`);
  console.log(`native CLI, all threads : ${nativeN.toFixed(2)} s  ${mbps(nativeN)} MB/s`);
  console.log(`browser 1 worker / native 1 thread: ${(native1 / single.page).toFixed(2)}x  (${(native1 / single.outside).toFixed(2)}x from Playwright)`);
  console.log(`browser pool / native 1 thread    : ${(native1 / pool.page).toFixed(2)}x  (${(native1 / pool.outside).toFixed(2)}x from Playwright)`);
} else {
  console.log("native CLI: not built (set LOOKOUT_BIN or cargo build --release -p lookout_cli)");
}
