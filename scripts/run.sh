#!/usr/bin/env bash
# One command to try Meet: installs what is missing, builds, and runs `meet serve` with its
# embedded defaults (SQLite in .data/, media on UDP/TCP 40000+). Extra flags go to meet serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --run
bash scripts/build.sh
exec ./build/meet serve "$@"
