#!/usr/bin/env bash
# Language-server latency and memory benchmark (see bench/lsp/bench.mjs). Needs
# LOOKOUT_BIN (default target/release/lookout) and ../shared/bench.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/lsp"
[ -d node_modules/vscode-languageserver-protocol ] || npm install --no-audit --no-fund --ignore-scripts
node bench.mjs
