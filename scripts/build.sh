#!/usr/bin/env bash
# Builds the server (build/meet), the web SDK and test page, and the meeting web app
# (web/app/dist, which `meet serve` serves at /, with the test page at /test/). Usage: scripts/build.sh [--tests]
set -euo pipefail
cd "$(dirname "$0")/.."
tests=OFF
if [ "${1:-}" = "--tests" ]; then tests=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEET_WERROR=ON -DMEET_TESTS=$tests
ninja -C build
(cd web && npm ci --no-audit --no-fund && npm run build:app)

