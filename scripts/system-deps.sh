#!/usr/bin/env bash
# The system packages Shotdesk needs, in one place. `make run` calls this with
# the `run` profile (build + runtime), `make dist` with `dist` (also the
# Windows cross-compiler and the packaging tools), `make dist-check` with
# `check` (also the release checks' tools), `make test` with `test` (all of
# that and the tools the end-to-end tests drive); `make system-deps` with
# `test`.
#
#   scripts/system-deps.sh run|dist|check|test
#
# Debian/Ubuntu: one dpkg-query call checks the list (silent when everything
# is there); what is missing is installed with apt-get, as root directly or
# through sudo after one line saying what and why. `apt-get update` runs once,
# only when the package lists are missing or more than a day old (or an
# install from the old lists failed).
# macOS and Windows (MSYS2 / Git Bash): checks what those platforms need and
# prints exactly what to install. Other Linux distributions: names the
# packages and stops.
#
# SHOTDESK_SKIP_SYSTEM_DEPS=1 skips all of this, for people who manage their
# system packages themselves.
#
# Keep this bash 3.2-compatible (macOS): no associative arrays, no mapfile.
set -euo pipefail

profile=${1:-}
case $profile in
  run | dist | check | test) ;;
  *)
    echo "usage: $0 run|dist|check|test" >&2
    exit 2
    ;;
esac

[ "${SHOTDESK_SKIP_SYSTEM_DEPS:-}" = 1 ] && exit 0

say() { printf 'system-deps: %s\n' "$*" >&2; }
skip_hint="(set SHOTDESK_SKIP_SYSTEM_DEPS=1 to skip this check)"

# --- the package list (Debian names) ---------------------------------------
# run: a C compiler and pkg-config for cgo, GTK 3 + WebKitGTK 4.1 for the
# window (go build -tags webkit2_41), libjpeg-turbo for profile pictures
# (-tags turbojpeg).
run_packages=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev libturbojpeg0-dev libjpeg-dev)
# test: a private X display (Xvfb, xauth) for the real window, xdotool to
# drive it, ImageMagick (import, convert, identify) for its screenshots,
# Chromium for Playwright (frontend/tests/e2e/harness.mjs) and unzip to list
# the Download Favorites ZIP (downloads.test.mjs).
test_packages=(xvfb xauth xdotool chromium imagemagick unzip)
# dist (make dist): mingw-w64's gcc for the Windows cgo cross-build, NSIS
# for its installer, dpkg-dev for the .deb (dpkg-shlibdeps).
dist_packages=(gcc-mingw-w64-x86-64 nsis dpkg-dev)
# The release checks in make test (scripts/dist-check.sh): 7-Zip lists and
# unpacks the Windows installer, desktop-file-utils and appstream validate
# the .desktop and metainfo files, python3's plistlib reads Info.plist,
# ShellCheck lints the release scripts and the workflow's steps.
check_packages=(p7zip-full desktop-file-utils appstream python3 shellcheck)

why_run="to build and run the Shotdesk window (C compiler, GTK/WebKitGTK and libjpeg-turbo headers)"
why_dist="to build Shotdesk's release packages (C compiler, GTK/WebKitGTK and libjpeg-turbo headers; mingw-w64, NSIS and dpkg-dev for the Windows installer and the .deb)"
why_check="to build Shotdesk's release packages and check them (C compiler, GTK/WebKitGTK and libjpeg-turbo headers; mingw-w64, NSIS, dpkg-dev, 7-Zip, desktop-file-utils, appstream, python3 and ShellCheck)"
why_test="to build Shotdesk and run its tests (C compiler, GTK/WebKitGTK and libjpeg-turbo headers; Xvfb, xdotool, Chromium, ImageMagick and unzip for the end-to-end tests; mingw-w64, NSIS, dpkg-dev, 7-Zip, desktop-file-utils, appstream, python3 and ShellCheck for the release checks)"

packages=("${run_packages[@]}")
why=$why_run
case $profile in
  dist)
    packages+=("${dist_packages[@]}")
    why=$why_dist
    ;;
  check)
    packages+=("${dist_packages[@]}" "${check_packages[@]}")
    why=$why_check
    ;;
  test)
    packages+=("${test_packages[@]}" "${dist_packages[@]}" "${check_packages[@]}")
    why=$why_test
    ;;
esac

# --- Debian / Ubuntu ---------------------------------------------------------

# missing_packages prints the packages of "$@" that are not installed, one
# line for all, using a single dpkg-query call.
missing_packages() {
  local status installed=" " p out=()
  # One line per known package (and architecture): "ii name" when installed.
  # Unknown packages only produce a message on stderr.
  status=$(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' "$@" 2>/dev/null || true)
  while read -r flags name; do
    case $flags in ?i*) installed+="$name " ;; esac
  done <<<"$status"
  for p in "$@"; do
    case $installed in *" $p "*) ;; *) out+=("$p") ;; esac
  done
  echo "${out[*]-}"
}

# lists_fresh succeeds when apt has package lists and one of them changed
# within the last day (apt keeps the server's modification time, so the newest
# file is the best guess at when the lists were last refreshed).
lists_fresh() {
  local lists=/var/lib/apt/lists
  [ -n "$(find "$lists" -maxdepth 1 -name '*_Packages*' -print -quit 2>/dev/null)" ] || return 1
  [ -n "$(find "$lists" -maxdepth 1 \( -name '*_Packages*' -o -name '*Release' \) -mmin -1440 -print -quit 2>/dev/null)" ]
}

apt_install() {
  local missing sudo=() updated=0
  # shellcheck disable=SC2207 # package names have no spaces or globs
  missing=($(missing_packages "${packages[@]}"))
  ((${#missing[@]})) || return 0

  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      say "missing ${missing[*]}, needed $why."
      say "you are not root and sudo is not installed: as root run"
      say "  apt-get install --no-install-recommends ${missing[*]}"
      say "$skip_hint"
      exit 1
    fi
    say "installing ${missing[*]} with sudo apt-get, $why"
    sudo=(sudo)
  else
    say "installing ${missing[*]} with apt-get, $why"
  fi

  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  if ! lists_fresh; then
    "${apt[@]}" update -qq >/dev/null
    updated=1
  fi
  if ! "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    # The lists may name versions the mirror no longer has: refresh once, retry.
    ((updated == 0)) || install_failed "${missing[@]}"
    say "apt-get install failed with the current package lists; running apt-get update and retrying"
    "${apt[@]}" update -qq >/dev/null
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || install_failed "${missing[@]}"
  fi

  # shellcheck disable=SC2207
  missing=($(missing_packages "${packages[@]}"))
  ((${#missing[@]} == 0)) || install_failed "${missing[@]}"
  say "installed; next time this check is silent"
}

install_failed() {
  say "could not install $* (see apt-get's messages above)."
  say "install them by hand: apt-get install --no-install-recommends $*"
  say "$skip_hint"
  exit 1
}

other_linux() {
  local name=${PRETTY_NAME:-this Linux distribution}
  say "$name is not Debian or Ubuntu, so the packages cannot be installed for you."
  say "needed $why."
  say "install the equivalents of these Debian packages with your package manager:"
  say "  ${packages[*]}"
  say "then run the command again with SHOTDESK_SKIP_SYSTEM_DEPS=1."
  exit 1
}

linux() {
  local ID="" ID_LIKE="" PRETTY_NAME=""
  if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    . /etc/os-release
  fi
  case " $ID $ID_LIKE " in
    *" debian "* | *" ubuntu "*) ;;
    *) other_linux ;;
  esac
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then other_linux; fi
  if [ "$ID" = ubuntu ] || [[ " $ID_LIKE " == *" ubuntu "* ]]; then
    # Ubuntu ships Chromium as a snap behind the chromium-browser package; the
    # tests then need CHROMIUM_PATH=/snap/bin/chromium.
    local i
    for i in "${!packages[@]}"; do
      [ "${packages[$i]}" != chromium ] || packages[i]=chromium-browser
    done
  fi
  apt_install
}

# --- macOS ------------------------------------------------------------------

macos() {
  local todo=()
  xcode-select -p >/dev/null 2>&1 ||
    todo+=("xcode-select --install        # Xcode command-line tools: the C compiler and the macOS SDK for cgo and WebKit")
  if [ "$profile" = test ]; then
    command -v magick >/dev/null || command -v convert >/dev/null ||
      todo+=("brew install imagemagick      # screenshots in the end-to-end tests")
    if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -d /Applications/Chromium.app ] && ! command -v chromium >/dev/null; then
      todo+=("brew install --cask chromium  # the browser Playwright drives (then CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium)")
    fi
  fi
  report "${todo[@]+"${todo[@]}"}"
}

# --- Windows (MSYS2, Git Bash) ------------------------------------------------

webview2_installed() {
  local key='Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' root out
  command -v reg.exe >/dev/null || return 1
  for root in 'HKLM\SOFTWARE\WOW6432Node' 'HKLM\SOFTWARE' 'HKCU\Software'; do
    # MSYS would turn /v into a path without these.
    out=$(MSYS2_ARG_CONV_EXCL='*' MSYS_NO_PATHCONV=1 reg.exe query "$root\\$key" /v pv 2>/dev/null) || continue
    # Installed when the version value exists and is not empty or 0.0.0.0.
    if [[ $out =~ pv[[:space:]]+REG_SZ[[:space:]]+([0-9.]+) ]] && [ "${BASH_REMATCH[1]}" != 0.0.0.0 ]; then
      return 0
    fi
  done
  return 1
}

windows() {
  local todo=()
  command -v gcc >/dev/null || command -v clang >/dev/null ||
    todo+=("winget install -e --id MartinStorsjo.LLVM-MinGW.UCRT   # a C compiler for cgo (gcc or clang on PATH)")
  webview2_installed ||
    todo+=("winget install -e --id Microsoft.EdgeWebView2Runtime   # the WebView2 runtime (ships with Windows 11)")
  if [ "$profile" = dist ] || [ "$profile" = check ]; then
    command -v makensis >/dev/null ||
      todo+=("winget install -e --id NSIS.NSIS                      # makensis for the installer (then add its folder to PATH)")
  fi
  report "${todo[@]+"${todo[@]}"}"
}

# report prints the install commands in "$@" and stops, or returns when
# there are none.
report() {
  (($#)) || return 0
  say "missing what \`make $profile\` needs; install it with:"
  local line
  for line in "$@"; do say "  $line"; done
  say "then run the command again $skip_hint"
  exit 1
}

case $(uname -s) in
  Linux) linux ;;
  Darwin) macos ;;
  MINGW* | MSYS* | CYGWIN*) windows ;;
  *)
    say "$(uname -s) is not supported: install the equivalents of these Debian packages by hand:"
    say "  ${packages[*]}"
    say "then run the command again with SHOTDESK_SKIP_SYSTEM_DEPS=1."
    exit 1
    ;;
esac
