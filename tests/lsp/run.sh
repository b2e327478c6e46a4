#!/usr/bin/env bash
# Node end-to-end test of `lookout lsp` over stdio (vscode-jsonrpc, as VS Code uses it).
# Needs LOOKOUT_BIN (default: target/release/lookout) and ../shared beside the repository.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export LOOKOUT_BIN="${LOOKOUT_BIN:-$ROOT/target/release/lookout}"
cd "$HERE"
if [ ! -d node_modules/vscode-languageserver-protocol ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi
node --test --test-reporter=spec lsp.test.mjs
