#!/usr/bin/env bash
# Installs every Debian package MotCua needs to build, test and benchmark.
# Idempotent: packages already present are skipped, so a second run is fast and offline.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config ccache make
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libssl-dev libsodium-dev libicu-dev
  libcairo2-dev libpango1.0-dev libpoppler-glib-dev libqrencode-dev fonts-noto-core fonts-liberation2
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  poppler-utils zbar-tools wrk nginx-light curl python3
  chromium  # the web UI end-to-end tests (driven by playwright-core from web/)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
