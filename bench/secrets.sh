#!/usr/bin/env bash
# Secret-scanning overhead: `lookout scan --scanners vuln` versus
# `--scanners vuln,secret,misconfig` on ../shared/images/debian12-apps.oci.tar, side by side
# in the same run (median of N runs each, single-threaded and with all cores).
# Usage: bench/secrets.sh [RUNS]   (default 5)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE="$ROOT/../shared/images/debian12-apps.oci.tar"
RUNS="${1:-5}"
CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
[ -f "$IMAGE" ] || { echo "bench/secrets.sh needs ../shared/images beside the checkout" >&2; exit 2; }
(cd "$ROOT" && cargo build -q --release -p lookout_cli)
LOOKOUT="$CARGO_TARGET_DIR/release/lookout"

python3 - "$RUNS" "$LOOKOUT" "$IMAGE" <<'PY'
import os, subprocess, sys, time
runs, lookout, image = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def median(scanners, threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    cmd = [lookout, "scan", image, "--scanners", scanners, "--format", "json", "--no-progress"]
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - t)
    samples.sort()
    return samples[len(samples) // 2]
print("| threads | --scanners vuln | vuln,secret,misconfig | overhead |")
print("|---|---|---|---|")
for threads in (1, os.cpu_count() or 1):
    base = median("vuln", threads)
    full = median("vuln,secret,misconfig", threads)
    print(f"| {threads} | {base:.2f} s | {full:.2f} s | {100 * (full - base) / base:+.0f}% |")
PY
