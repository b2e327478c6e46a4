#!/usr/bin/env bash
# Builds crates/lookout_wasm for the browser into web/pkg (gitignored):
#   cargo (wasm32, release) → wasm-bindgen --target web → npm binaryen's wasm-opt -O3.
# Never Debian's wasm-opt: binaryen 108 breaks rustc 1.95 output (TOOLING.md).
#
#   scripts/build-wasm.sh            release build (what `npm start` uses)
#   WASM_PROFILE=dev scripts/build-wasm.sh   fast debug build, no wasm-opt
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
PROFILE="${WASM_PROFILE:-wasm-release}"
OUT="$ROOT/web/pkg"
WB="$CACHE/tools/bin/wasm-bindgen"

log() { printf 'build-wasm: %s\n' "$*" >&2; }

[ -x "$WB" ] || { log "wasm-bindgen missing at $WB: run scripts/setup.sh"; exit 2; }

# The root Cargo.toml may not define the size-tuned profile yet; fall back to `release`
# with the same settings passed through the environment.
if [ "$PROFILE" = "wasm-release" ] && ! grep -q '^\[profile\.wasm-release\]' "$ROOT/Cargo.toml"; then
  PROFILE=release
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
  export CARGO_PROFILE_RELEASE_LTO=true
  export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
  export CARGO_PROFILE_RELEASE_PANIC=abort
fi
PROFILE_DIR="$PROFILE"
[ "$PROFILE" = "dev" ] && PROFILE_DIR=debug

# simd128 is supported by every browser that runs this page (Chromium 91+, Firefox 89+,
# Safari 16.4+) and speeds up inflate.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:--C target-feature=+simd128}"

log "cargo build ($PROFILE, target dir $CARGO_TARGET_DIR)"
(cd "$ROOT" && cargo build -p lookout_wasm --target wasm32-unknown-unknown --profile "$PROFILE")

RAW="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$PROFILE_DIR/lookout_wasm.wasm"
mkdir -p "$OUT"
log "wasm-bindgen → $OUT"
"$WB" --target web --out-dir "$OUT" --remove-name-section "$RAW"

BG="$OUT/lookout_wasm_bg.wasm"
if [ "$PROFILE" != "dev" ]; then
  WASM_OPT="$(cd "$ROOT/web" && node -e 'const p=require("path");console.log(p.join(p.dirname(require.resolve("binaryen/package.json")),"bin","wasm-opt"))')"
  log "wasm-opt -O3 (npm binaryen)"
  node "$WASM_OPT" -O3 "$BG" -o "$BG.opt"
  mv "$BG.opt" "$BG"
fi

RAW_SIZE=$(stat -c %s "$BG")
GZ_SIZE=$(gzip -9 -c "$BG" | wc -c)
log "$(basename "$BG"): $RAW_SIZE bytes, $GZ_SIZE gzipped"
