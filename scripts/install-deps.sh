#!/usr/bin/env bash
# Installs what building and testing Meet needs on Debian 12, from Debian packages only.
# Skips apt entirely when everything is already there. Needs root (or sudo).
set -euo pipefail

BUILD_PKGS=(build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libssl-dev libsrtp2-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libcli11-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev libjwt-dev
  libavformat-dev libavcodec-dev libavutil-dev)
TEST_PKGS=(libgtest-dev libgmock-dev clang-14 libclang-rt-14-dev postgresql
  chromium nodejs npm ffmpeg nftables iproute2 python3 python3-yaml openssl nginx coturn
  fonts-dejavu-core)

want=("${BUILD_PKGS[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${TEST_PKGS[@]}"); fi
# ffmpeg and a font: the recording composer runs ffmpeg and draws names with DejaVu Sans.
if [ "${1:-}" = "--run" ]; then want+=(nodejs npm ffmpeg fonts-dejavu-core); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs may come from another repository (e.g. NodeSource) that bundles npm.
if command -v npm >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do [ "$p" = npm ] || [ "$p" = nodejs ] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
echo "installing: ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
