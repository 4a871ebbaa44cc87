#!/usr/bin/env bash
# The test command (README.md; CI runs it via .ci/run). Installs what the tests need on a fresh
# machine of this kind, once, then runs every test with one release profile:
#   - ONNX Runtime for visual lookup, from PyPI (models/runtime-requirements.txt);
#   - Debian's Chromium for the browser test, and playwright-core (tests/browser, from npm).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r models/runtime-requirements.txt
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  sudo_if_needed=""
  [ "$(id -u)" = 0 ] || sudo_if_needed="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y --no-install-recommends chromium
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi
cargo test --release "$@"
