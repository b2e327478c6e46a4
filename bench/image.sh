#!/usr/bin/env bash
# Image scan benchmark: scanning ../shared/images/debian12-apps.oci.tar end to end versus
# the decompression floor (`tar -xOf` of the layer blobs piped into `gzip -dc`), in the same
# run, single-threaded and with all cores, plus peak RSS (/usr/bin/time -v). With BIG=1 it
# also generates a ~1 GB OCI image (incompressible layers) to show that peak RSS does not
# grow with the image.
#
# The scanner is `lookout sbom` when the CLI has that command, else the lookout_image
# example binary (`cargo run --release -p lookout_image --example scan -- IMAGE`).
# Usage: bench/image.sh [RUNS]     (default 5 runs per command; prints a markdown table)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGES="$ROOT/../shared/images"
IMAGE="$IMAGES/debian12-apps.oci.tar"
RUNS="${1:-5}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
[ -f "$IMAGE" ] || { echo "bench/image.sh needs ../shared/images beside the checkout" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/image.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cd "$ROOT"
if cargo build -q --release -p lookout_cli 2>/dev/null && "$TARGET/release/lookout" sbom --help >/dev/null 2>&1; then
  SCAN=("$TARGET/release/lookout" sbom --format json --no-progress)
  THREADS_ENV=RAYON_NUM_THREADS
  THREADS_ARG=()
  NAME="lookout sbom"
else
  cargo build -q --release -p lookout_image --example scan
  SCAN=("$TARGET/release/examples/scan" --json)
  THREADS_ENV=
  THREADS_ARG=(--threads)
  NAME="lookout_image example scan"
fi
CORES="$(nproc)"

# Layer blob names of the (single-image) OCI layout, in order.
layers_of() {
  python3 - "$1" <<'PY'
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
idx = json.load(t.extractfile("index.json"))
man = json.load(t.extractfile("blobs/sha256/" + idx["manifests"][0]["digest"].split(":")[1]))
print(" ".join("blobs/sha256/" + l["digest"].split(":")[1] for l in man["layers"]))
PY
}

# Median wall seconds, median user+sys seconds, max peak RSS (MB) over $RUNS runs.
measure() {
  python3 - "$RUNS" "$@" <<'PY'
import statistics, subprocess, sys, tempfile, os
runs = int(sys.argv[1]); cmd = sys.argv[2:]
walls, cpus, rss = [], [], []
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the page cache
for _ in range(runs):
    with tempfile.NamedTemporaryFile("r") as f:
        subprocess.run(["/usr/bin/time", "-v", "-o", f.name] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        v = {}
        for line in f.read().splitlines():
            k, _, val = line.strip().rpartition(": ")
            v[k] = val
    m, s = v["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")[-2:]
    walls.append(int(m) * 60 + float(s))
    cpus.append(float(v["User time (seconds)"]) + float(v["System time (seconds)"]))
    rss.append(int(v["Maximum resident set size (kbytes)"]) / 1024)
print(f"{statistics.median(walls):.2f} {statistics.median(cpus):.2f} {max(rss):.0f}")
PY
}

scan_cmd() { # IMAGE THREADS
  if [ -n "$THREADS_ENV" ]; then
    echo env "$THREADS_ENV=$2" "${SCAN[@]}" "$1"
  else
    echo "${SCAN[@]}" "$1" "${THREADS_ARG[@]}" "$2"
  fi
}

row() { # LABEL IMAGE
  local image=$2 layers floor one all
  layers="$(layers_of "$image")"
  floor=$(measure sh -c "tar -xOf '$image' $layers | gzip -dc > /dev/null")
  # shellcheck disable=SC2046
  one=$(measure $(scan_cmd "$image" 1))
  # shellcheck disable=SC2046
  all=$(measure $(scan_cmd "$image" "$CORES"))
  python3 - "$1" "$floor" "$one" "$all" <<'PY'
import sys
label = sys.argv[1]
f, o, a = (list(map(float, s.split())) for s in sys.argv[2:5])
print(f"| {label} | floor | {f[0]:.2f} | {f[1]:.2f} | {f[2]:.0f} | 1.00 |")
print(f"| {label} | scan, 1 thread | {o[0]:.2f} | {o[1]:.2f} | {o[2]:.0f} | {o[0] / f[0]:.2f} |")
print(f"| {label} | scan, all cores | {a[0]:.2f} | {a[1]:.2f} | {a[2]:.0f} | {a[0] / f[0]:.2f} |")
PY
}

echo "Scanner: $NAME; $CORES cores; median of $RUNS runs; RSS is the max over runs."
echo
echo "| image | command | wall s | cpu s | peak RSS MB | wall / floor |"
echo "|---|---|---|---|---|---|"
row "debian12-apps.oci.tar ($(du -m "$IMAGE" | cut -f1) MB)" "$IMAGE"

if [ "${BIG:-0}" = 1 ]; then
  BIGDIR="$(mktemp -d)"
  trap 'rm -rf "$BIGDIR"' EXIT
  # ~1 GB of incompressible layers (4 x 256 MB), gzip level 1, as an OCI layout tar.
  python3 - "$BIGDIR/big.oci.tar" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
out = tarfile.open(sys.argv[1], "w")
def add(name, data):
    ti = tarfile.TarInfo(name); ti.size = len(data); out.addfile(ti, io.BytesIO(data))
layers, diff_ids = [], []
for n in range(4):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as lt:
        for i in range(64):
            data = os.urandom(4 << 20)
            ti = tarfile.TarInfo(f"data/{n}/file{i}.bin"); ti.size = len(data)
            lt.addfile(ti, io.BytesIO(data))
    raw = raw.getvalue()
    diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
    blob = gzip.compress(raw, compresslevel=1)
    d = hashlib.sha256(blob).hexdigest()
    add(f"blobs/sha256/{d}", blob)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": f"sha256:{d}", "size": len(blob)})
cfg = json.dumps({"os": "linux", "architecture": "amd64", "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
cd = hashlib.sha256(cfg).hexdigest(); add(f"blobs/sha256/{cd}", cfg)
man = json.dumps({"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": f"sha256:{cd}", "size": len(cfg)}, "layers": layers}).encode()
md = hashlib.sha256(man).hexdigest(); add(f"blobs/sha256/{md}", man)
add("index.json", json.dumps({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": f"sha256:{md}", "size": len(man)}]}).encode())
add("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
out.close()
PY
  row "generated big.oci.tar ($(du -m "$BIGDIR/big.oci.tar" | cut -f1) MB)" "$BIGDIR/big.oci.tar"
fi
