#!/usr/bin/env bash
# make bench: install the reference tools when missing, then run the
# side-by-side measurements (tools/bench). Prints NAME: RATIO lines.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
command -v zip >/dev/null || missing+=(zip)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
go build -o build/bin/shotdesk-bench ./tools/bench
exec build/bin/shotdesk-bench "$@"
