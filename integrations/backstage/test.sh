#!/usr/bin/env bash
# The Backstage module's unit tests (CI: .ci/run). Installs the pinned packages (package-lock.json) when node_modules
# is missing or older than the lockfile, type-checks src/ and test/ against the real Backstage types, runs node --test.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm test
