#!/usr/bin/env bash
# The VS Code extension: strict TypeScript check, esbuild bundle, .vsix with the server
# binary bundled (checked), then a real VS Code (code-server) end-to-end test driven by
# Playwright. Needs LOOKOUT_BIN (default target/release/lookout) and ../shared.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export LOOKOUT_BIN="${LOOKOUT_BIN:-$ROOT/target/release/lookout}"
export LOOKOUT_CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"

install_deps() { # folder
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm ci --no-audit --no-fund)
  fi
}

echo "--- extension: typecheck (strict), bundle, package"
install_deps "$ROOT/vscode-extension"
(cd "$ROOT/vscode-extension" && npm run package && npm test)

echo "--- code-server end-to-end"
bash "$HERE/setup-code-server.sh"
install_deps "$HERE"
node "$HERE/e2e.mjs" "$ROOT/vscode-extension/lookout-linux-x64.vsix"
