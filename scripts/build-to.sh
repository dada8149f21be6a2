#!/usr/bin/env bash
# Builds the renderer and the Node entries into one folder (default dist/), so parallel work can
# build and run end-to-end tests without overwriting each other: COMPLYFLOW_DIST=<dir> npx playwright test
set -euo pipefail
out="${1:-dist}"
npx vite build --outDir "$(realpath -m "$out")/renderer" --emptyOutDir --logLevel warn
node scripts/build-main.mjs --outdir "$out/main"
