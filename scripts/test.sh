#!/usr/bin/env bash
# One command to test Meet: installs what is missing, builds with warnings as errors, runs the
# C++ unit and integration tests, a smoke run of every fuzz target, and the browser
# end-to-end tests. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test

echo "== build"
bash scripts/build.sh --tests

echo "== unit and integration tests"
(cd build && ctest --output-on-failure --timeout 600)

echo "== fuzz smoke"
bash scripts/fuzz.sh smoke

echo "== web unit tests"
(cd web && npm test && npm run test:mock)

echo "== browser end-to-end tests"
(cd web && MEET_BIN="$PWD/../build/meet" npm run test:e2e)
echo "== all tests passed"
