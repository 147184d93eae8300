#!/usr/bin/env bash
# One command to test Meet: installs what is missing, builds with warnings as errors, runs the
# C++ unit and integration tests, a smoke run of every fuzz target, and the browser
# end-to-end tests. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each stage prints the seconds since the start, so a slow stage shows in CI's log.
stage() { echo "== $1 (at ${SECONDS} s)"; }
bash scripts/install-deps.sh --test

stage "build"
bash scripts/build.sh --tests

stage "unit and integration tests"
(cd build && ctest --output-on-failure --timeout 600)

stage "fuzz smoke"
bash scripts/fuzz.sh smoke

stage "web unit tests"
(cd web && npm test && npm run test:mock)

stage "browser end-to-end tests"
(cd web && MEET_BIN="$PWD/../build/meet" npm run test:e2e)
stage "all tests passed"
