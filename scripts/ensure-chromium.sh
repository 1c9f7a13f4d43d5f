#!/usr/bin/env bash
# Make sure the browser tests have a Chromium. Playwright cannot download its
# own browser on our machines, so prefer the system package: apt when we are
# root, otherwise Playwright's installer (works where downloads are allowed).
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "browser tests use $candidate"
    exit 0
  fi
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi

echo "no system Chromium; trying Playwright's installer"
.venv/bin/python -m playwright install chromium
