#!/usr/bin/env bash
# Language-server latency and memory benchmark (see bench/lsp/bench.mjs), then the client's
# share of it: the same client against a stand-in server that answers each edit at once
# with the same notification (bench/lsp/floor.mjs; FLOOR=0 skips it). Needs LOOKOUT_BIN
# (default target/release/lookout) and ../shared/bench.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/lsp"
[ -d node_modules/vscode-languageserver-protocol ] || npm install --no-audit --no-fund --ignore-scripts
node bench.mjs
if [ "${FLOOR:-1}" != 0 ]; then
  node floor.mjs
fi
