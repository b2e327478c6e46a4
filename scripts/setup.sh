#!/usr/bin/env bash
# Installs everything the wasm build, the web page and the browser tests need.
# Idempotent and fast when everything is already present. Tools and build caches live
# outside the clone (${LOOKOUT_CACHE:-$HOME/.cache/lookout}) so a fresh CI clone reuses them.
#
#   scripts/setup.sh            everything
#   SKIP_CHROMIUM=1 scripts/setup.sh   no browser (e.g. build-only machines)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"
TOOLS="$CACHE/tools"
mkdir -p "$TOOLS"

log() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. The wasm32 target (a no-op when rustup already has it).
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, exactly the version the crate pins (the CLI refuses any other).
WB_VERSION="$(sed -n 's/^wasm-bindgen *= *{[^}]*version *= *"=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' \
  "$ROOT/crates/lookout_wasm/Cargo.toml" | head -n1)"
if [ -z "$WB_VERSION" ]; then
  log "cannot read the pinned wasm-bindgen version from crates/lookout_wasm/Cargo.toml"
  exit 2
fi
WB_BIN="$TOOLS/bin/wasm-bindgen"
if [ -x "$WB_BIN" ] && "$WB_BIN" --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  :
else
  log "installing wasm-bindgen-cli $WB_VERSION into $TOOLS (takes a few minutes)"
  # Not --locked: with it, dependency resolution fails on this registry (TOOLING.md).
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$TOOLS" --force
fi

# 3. Chromium for the browser tests, and zstd to build their zstd-layer image (Node 20's
#    zlib has no zstd).
if [ -z "${SKIP_CHROMIUM:-}" ] && { [ ! -x /usr/bin/chromium ] || ! command -v zstd >/dev/null; }; then
  log "installing chromium and zstd (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zstd >/dev/null
fi

# 4. npm packages (Vite, TypeScript, binaryen's wasm-opt, playwright-core).
if [ -f "$ROOT/package.json" ]; then
  LOCK="$ROOT/package-lock.json"
  STAMP="$ROOT/node_modules/.lookout-setup-stamp"
  if [ ! -d "$ROOT/node_modules" ] || [ ! -f "$STAMP" ] \
     || { [ -f "$LOCK" ] && [ "$LOCK" -nt "$STAMP" ]; } \
     || [ "$ROOT/package.json" -nt "$STAMP" ] \
     || { [ -f "$ROOT/web/package.json" ] && [ "$ROOT/web/package.json" -nt "$STAMP" ]; }; then
    log "installing npm packages"
    if [ -f "$LOCK" ]; then
      (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    else
      (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
    fi
    touch "$STAMP"
  fi
fi

log "ok (wasm-bindgen $WB_VERSION at $WB_BIN)"
