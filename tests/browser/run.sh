#!/usr/bin/env bash
# Builds the wasm module and the page, then runs the browser tests (headless Chromium).
# Called by scripts/test.sh; standalone: bash tests/browser/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash scripts/build-wasm.sh
npm run build:page -w web
# Node, no browser: the shared ring between workers, and the wasm API's TypeScript
# declarations checked against what the exports really return.
node --test web/test/
node --test --test-concurrency=1 --test-timeout=900000 tests/browser/
