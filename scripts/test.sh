#!/usr/bin/env bash
# Every test Lookout has, in the order that fails fastest: formatting, lints, the wasm32
# build of the core, Rust tests (unit, conformance suites, ground truth, schema
# validation), then the faces (browser, language server, VS Code). `npm test` runs this;
# `.ci/run` runs `npm test`. Caches live outside the clone so a fresh CI clone is fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export LOOKOUT_CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$LOOKOUT_CACHE/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# A CI clone's crates are built afresh anyway (their path is part of the artifacts' hash),
# and the incremental state each new path leaves behind filled the shared cache to
# tens of gigabytes; CI builds without it.
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
fi

step() { printf '\n==> %s\n' "$*"; }

if [ ! -d "$ROOT/../shared" ]; then
  echo "NOTE: ../shared (suites, images, OSV data) is missing beside this checkout;"
  echo "      the acceptance tests that read it will fail and say so."
fi

step "setup (toolchain targets, wasm-bindgen, Chromium, npm packages, schema validators)"
bash scripts/setup.sh
bash tests/schemas/setup.sh

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "lookout_core and everything below it build for wasm32-unknown-unknown"
cargo build -p lookout_core --target wasm32-unknown-unknown

step "cargo test (unit, conformance suites, ground truth, schema validation)"
cargo test --workspace

step "release binary for the end-to-end tests"
cargo build --release -p lookout_cli
export LOOKOUT_BIN="$CARGO_TARGET_DIR/release/lookout"

for suite in browser lsp vscode; do
  if [ -f "tests/$suite/run.sh" ]; then
    step "$suite tests"
    bash "tests/$suite/run.sh"
  fi
done

echo
echo "All tests passed."
