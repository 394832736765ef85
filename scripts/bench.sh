#!/usr/bin/env bash
# make bench: install the reference tools (and libjpeg-turbo) when missing,
# then run the side-by-side measurements (tools/bench) twice for the PFP
# path: with the native decoder (-tags turbojpeg) and pure Go, plus the face
# detector's own Go benchmark. Prints NAME: RATIO lines (ours / reference;
# lower is better) and a few NAME: VALUE lines (times, memory).
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
# The pure-Go build and the detector only belong to the PFP part: run them
# unless ARGS names another one with -only.
only="" prev=""
for a in "$@"; do
  [ "$prev" = "-only" ] && only="$a"
  case "$a" in -only=*) only="${a#-only=}" ;; esac
  prev="$a"
done
if [ -z "$only" ] || [ "$only" = pfp ]; then
  build/bin/shotdesk-bench-purego "$@" -only pfp # the last -only wins
  # The face detector alone, per photo (the same pure-Go code in both
  # builds): a Go benchmark, since it is internal to the pfp package.
  go test -run '^$' -bench '^BenchmarkStageLocateFace$' -benchtime 30x ./internal/pfp |
    awk '/^BenchmarkStageLocateFace/ { n++; printf "pfp_face_detect_ms: %.1f (the detector alone on a 3000×4000 headshot shrunk to 600×800: gray copy, pyramid, cascade, grouping)\n", $3 / 1e6 }
         END { if (!n) { print "bench: BenchmarkStageLocateFace printed no result" > "/dev/stderr"; exit 1 } }'
fi
exec build/bin/shotdesk-bench "$@"
