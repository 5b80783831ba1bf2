#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (never a downloaded browser build).
set -euo pipefail
if command -v chromium >/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! command -v apt-get >/dev/null; then
  echo "apt-get not found: install Chromium yourself; browser tests will be skipped" >&2
  exit 0
fi
$SUDO apt-get update -qq || true
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null \
  || echo "could not install chromium: browser tests will be skipped" >&2
