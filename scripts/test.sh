#!/usr/bin/env bash
# Install kg with its test extras and run the whole test suite.
# Browser tests need Debian's chromium: installed here when we are root (CI), skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"
if [ "$(id -u)" = "0" ]; then
  bash scripts/install-browser.sh || echo "browser install failed; browser tests will skip" >&2
fi
exec python -m pytest -q "$@"
