#!/usr/bin/env bash
# Installs the official validators the schema tests run, outside the clone so a fresh CI
# clone reuses them:
#   - CycloneDX: pip cyclonedx-python-lib[json-validation] (ships the 1.6 JSON schema)
#   - SPDX 2.3:  pip spdx-tools (pyspdxtools)
#   - SARIF:     npm @microsoft/sarif-multitool (the official .NET validator, offline)
# Idempotent: each part is skipped when it is already installed.
set -euo pipefail

PREFIX="${LOOKOUT_SCHEMA_TOOLS:-$HOME/.cache/lookout/schema-tools}"
VENV="$PREFIX/venv"
CYCLONEDX_VERSION="11.12.0"
SPDX_TOOLS_VERSION="0.8.5"
SARIF_MULTITOOL_VERSION="5.7.0"

mkdir -p "$PREFIX"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || {
    echo "python3 -m venv failed; on Debian install it with: apt-get install -y python3-venv" >&2
    exit 1
  }
fi

if "$VENV/bin/python" - <<PY 2>/dev/null
import importlib.metadata as m, sys
want = {"cyclonedx-python-lib": "$CYCLONEDX_VERSION", "spdx-tools": "$SPDX_TOOLS_VERSION"}
sys.exit(0 if all(m.version(k) == v for k, v in want.items()) else 1)
PY
then
  echo "python validators already installed in $VENV"
else
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "cyclonedx-python-lib[json-validation]==$CYCLONEDX_VERSION" \
    "spdx-tools==$SPDX_TOOLS_VERSION"
fi

SARIF_BIN="$PREFIX/node_modules/.bin/sarif-multitool"
if [ -x "$SARIF_BIN" ] && [ "$(node -p "require('$PREFIX/node_modules/@microsoft/sarif-multitool/package.json').version" 2>/dev/null)" = "$SARIF_MULTITOOL_VERSION" ]; then
  echo "sarif-multitool already installed in $PREFIX"
else
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION"
fi

# Smoke-check every tool so a broken install fails here, not in the tests.
"$VENV/bin/python" -c "from cyclonedx.validation.json import JsonStrictValidator; from cyclonedx.schema import SchemaVersion; JsonStrictValidator(SchemaVersion.V1_6)"
"$VENV/bin/pyspdxtools" --help >/dev/null
# The tests call the native binary directly (the npm wrapper re-splits arguments in a shell).
"$PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" --version >/dev/null 2>&1
test -f "$PREFIX/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"
echo "schema tools ready in $PREFIX"
