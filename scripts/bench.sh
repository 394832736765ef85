#!/usr/bin/env bash
# make bench: install the reference tools (and libjpeg-turbo) when missing,
# then run the side-by-side measurements (tools/bench) twice for the PFP
# path: with the native decoder (-tags turbojpeg) and pure Go. Prints
# NAME: RATIO lines (ours / reference; lower is better).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
command -v zip >/dev/null || missing+=(zip)
command -v curl >/dev/null || missing+=(curl)
[ -e /usr/include/turbojpeg.h ] || missing+=(libturbojpeg0-dev)
[ -e /usr/include/jpeglib.h ] || missing+=(libjpeg-dev)
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
go build -tags turbojpeg -o build/bin/shotdesk-bench ./tools/bench
go build -o build/bin/shotdesk-bench-purego ./tools/bench
build/bin/shotdesk-bench-purego -only pfp "$@"
exec build/bin/shotdesk-bench "$@"
