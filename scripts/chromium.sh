#!/usr/bin/env bash
# Installs Chromium from the Debian packages when it is missing: the evidence report's browser test
# (cli EvidenceReportChromiumIT) opens the report in headless Chromium and fails without it.
# `apt-get update` runs only when that install fails (package lists stale or never fetched), which keeps the usual
# case quick.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
install_chromium() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
echo "rez: installing chromium (for the evidence report's browser test)" >&2
if ! install_chromium; then
  $SUDO apt-get update -q >/dev/null
  install_chromium
fi
command -v chromium >/dev/null
