#!/usr/bin/env bash
# Vulnerability DB benchmark (not a test): DB build time from ../shared/osv, DB and
# per-shard sizes, shard load time, and matching 10,000 packages against the full DB
# (target: < 100 ms in-process). Needs ../shared beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p lookout_vuln --bench vuln_bench "$@"
