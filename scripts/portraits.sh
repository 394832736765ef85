#!/usr/bin/env bash
# Real portrait photographs for the face-framing tests of internal/pfp,
# fetched from Debian packages instead of being committed:
#
#   astronaut.png     Eileen Collins (NASA, public domain), 512×512, from
#                     python3-skimage (scikit-image's sample data)
#   grace_hopper.jpg  Grace Hopper (US Navy, public domain), 512×600, from
#                     python-matplotlib-data (matplotlib's sample data)
#
#   scripts/portraits.sh [DIR]
#
# Puts both files in DIR (default: ~/.cache/shotdesk/test-portraits, or
# under $XDG_CACHE_HOME) and prints DIR. Files already there with the right
# checksum are kept, so only the first run downloads (~24 MB of packages,
# removed afterwards). Needs apt-get and dpkg-deb (Debian/Ubuntu); exits
# non-zero with a message saying what is missing otherwise. The Go test
# that calls it (internal/pfp) fails on that message unless
# SHOTDESK_SKIP_SYSTEM_DEPS=1, which makes it skip.
set -euo pipefail

dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/shotdesk/test-portraits}
say() { printf 'portraits: %s\n' "$*" >&2; }

# name  package  path-in-package  sha256
files="astronaut.png python3-skimage usr/lib/python3/dist-packages/skimage/data/astronaut.png 88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
grace_hopper.jpg python-matplotlib-data usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130"

ok() { [ -f "$dir/$1" ] && [ "$(sha256sum "$dir/$1" | cut -d' ' -f1)" = "$2" ]; }

missing=""
while read -r name pkg _ sum; do
  ok "$name" "$sum" || missing="$missing $pkg"
done <<<"$files"
if [ -z "$missing" ]; then
  echo "$dir"
  exit 0
fi

for tool in apt-get dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null || {
    say "needs $tool (Debian/Ubuntu) to fetch the test portraits from the packages$missing"
    exit 1
  }
done

mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt-get download writes into the current directory; as root it warns that
# the _apt user cannot write there, which is harmless.
# shellcheck disable=SC2086 # $missing is a list of package names
fetch() { (cd "$tmp" && apt-get download -q $missing >/dev/null 2>"$tmp/apt.log"); }
if ! fetch; then
  if [ "$(id -u)" -eq 0 ]; then
    say "updating the package lists, then retrying apt-get download$missing"
    apt-get update -qq >/dev/null 2>&1 || true
  fi
  fetch || {
    say "apt-get download$missing failed:"
    sed 's/^/  /' "$tmp/apt.log" >&2
    exit 1
  }
fi
for deb in "$tmp"/*.deb; do
  dpkg-deb -x "$deb" "$tmp/root"
done
while read -r name _ path sum; do
  ok "$name" "$sum" && continue
  if [ ! -f "$tmp/root/$path" ]; then
    say "$path is not in the downloaded package any more"
    exit 1
  fi
  cp "$tmp/root/$path" "$dir/$name.tmp"
  mv "$dir/$name.tmp" "$dir/$name"
  ok "$name" "$sum" || {
    say "$name has a different checksum than the tests were written for (new package version?)"
    exit 1
  }
done <<<"$files"
echo "$dir"
