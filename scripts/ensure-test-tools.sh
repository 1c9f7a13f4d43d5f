#!/usr/bin/env bash
# Make sure the tests have what they drive: a Chromium for the browser tests,
# a Redis server for the docs' Redis and Celery examples, and what the build
# itself needs: Node.js with npm (our scripts are minified with esbuild from npm)
# and Graphviz (diagrams are drawn at build time). `ensure-test-tools.sh build`
# checks the build's tools alone, for building and serving the site. Playwright cannot
# download its own browser on our machines, so prefer system packages: apt when
# we are root, otherwise Playwright's installer for the browser.
set -euo pipefail

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v dot >/dev/null || missing+=(graphviz)
chromium=""
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then chromium="$candidate"; break; fi
done
if [ "${1:-}" != build ]; then
  [ -n "$chromium" ] || missing+=(chromium)
  command -v redis-server >/dev/null || missing+=(redis-server)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} (needed to build and test the site)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    command -v npm >/dev/null || { echo "install Node.js and npm (e.g. apt-get install nodejs npm) to build the site" >&2; exit 1; }
    command -v dot >/dev/null || { echo "install Graphviz (e.g. apt-get install graphviz) to build the site" >&2; exit 1; }
    [ "${1:-}" = build ] && exit 0
    if [ -z "$chromium" ]; then
      echo "no system Chromium; trying Playwright's installer"
      .venv/bin/python -m playwright install chromium
    fi
    command -v redis-server >/dev/null || { echo "install redis-server (e.g. apt-get install redis-server) for the docs examples" >&2; exit 1; }
  fi
fi
if [ "${1:-}" = build ]; then
  echo "build tools: node $(node --version), $(dot -V 2>&1)"
else
  echo "test tools: $(command -v redis-server), ${chromium:-/usr/bin/chromium}, node $(node --version), $(dot -V 2>&1)"
fi
