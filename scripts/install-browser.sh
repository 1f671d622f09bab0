#!/bin/sh
# Install the headless browser and the CJK font the browser tests need
# (tests/test_browser.py, marked `browser`).  Idempotent: does nothing when
# /usr/bin/chromium is already there.  Runs as root in CI (Debian/Ubuntu).
#
# The Python `playwright` package comes from the project's test extras
# (pip install -e '.[test]'); it drives this Debian chromium through
# executable_path, so `playwright install` (a browser download) is never run.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium already installed: $CHROMIUM"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get not found: install chromium and a CJK font (fonts-wqy-zenhei) by hand" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "must run as root (or with sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei

if [ ! -x "$CHROMIUM" ]; then
    echo "apt-get finished but $CHROMIUM is missing" >&2
    exit 1
fi
echo "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
