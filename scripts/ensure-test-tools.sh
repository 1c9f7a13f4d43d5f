#!/usr/bin/env bash
# Make sure the tests have what they drive: a Chromium for the browser tests and
# a Redis server for the docs' Redis and Celery examples. Playwright cannot
# download its own browser on our machines, so prefer system packages: apt when
# we are root, otherwise Playwright's installer for the browser.
set -euo pipefail

missing=()
chromium=""
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then chromium="$candidate"; break; fi
done
[ -n "$chromium" ] || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} for the tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    if [ -z "$chromium" ]; then
      echo "no system Chromium; trying Playwright's installer"
      .venv/bin/python -m playwright install chromium
    fi
    command -v redis-server >/dev/null || { echo "install redis-server (e.g. apt-get install redis-server) for the docs examples" >&2; exit 1; }
  fi
fi
echo "test tools: $(command -v redis-server), ${chromium:-/usr/bin/chromium}"
