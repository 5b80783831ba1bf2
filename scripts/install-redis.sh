#!/usr/bin/env bash
# Installs Debian's redis-server for the shared rate-limit test (the test starts its own
# server on 127.0.0.1; nothing is downloaded outside the Debian archive).
set -euo pipefail
if command -v redis-server >/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if ! command -v apt-get >/dev/null; then
  echo "apt-get not found: install redis-server yourself; the Redis rate-limit test will be skipped" >&2
  exit 0
fi
$SUDO apt-get update -qq || true
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null \
  || echo "could not install redis-server: the Redis rate-limit test will be skipped" >&2
