#!/usr/bin/env bash
# Builds the web UI (web/ → web/dist) that motcua serves: npm install from the committed lock file, then type-check,
# Vite build and the bundle-size check. Node.js ≥ 20.19 is needed (Vite 7); Debian's own nodejs (18) is too old,
# so it is not installed from apt: use the machine's Node.js (the CI image has 20).
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null; then
  echo "build-web: Node.js ≥ 20.19 is required (https://nodejs.org); Debian 12's nodejs 18 is too old" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "build-web: Node.js $(node --version) is too old; Vite 7 needs ≥ 20.19" >&2
  exit 1
fi
# Install the locked versions when the lock file changed since the last install. `npm install`, not `npm ci`:
# npm 11 writes only this platform's optional packages (rollup's native binary) into the lock and then
# `npm ci` refuses its own lock as incomplete; `npm install` honours the lock and leaves it unchanged.
stamp=node_modules/.motcua-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run --silent build
