#!/usr/bin/env bash
# Builds Shotdesk's release artefacts into dist/ (`make dist`):
#
#   linux    shotdesk_<deb version>_<arch>.deb and
#            shotdesk-<version>-linux-<arch>.tar.gz (the same files as the
#            .deb's /usr, to unpack into ~/.local)
#   windows  shotdesk-<version>-windows-amd64-setup.exe (NSIS, per-user by
#            default) and shotdesk-<version>-windows-amd64-portable.zip,
#            each with shotdesk.exe (the window) and shotdesk-cli.exe (the
#            command line); cross-built with mingw-w64 on Linux
#   darwin   Shotdesk-<version>-macos-universal.dmg and .zip (Shotdesk.app);
#            only on a Mac
#
#   scripts/dist.sh [linux] [windows] [darwin]
#
# Without arguments it builds what this OS can: linux and windows on Linux,
# darwin on macOS, windows on Windows (Git Bash / MSYS2). The frontend must
# be built already (make dist does that first).
#
# The version comes from scripts/version.sh. Each platform is built by
# `wails build` in its own temporary copy of the project, whose wails.json
# and build/windows/info.json get the version: the work tree is never
# written to (wails build rewrites files under build/ and leaves
# generated ones behind), and the platforms cannot mix their generated
# files (a Windows resource .syso in the project folder would be linked into
# a Linux build too).
#
# Environment:
#   DIST_DIR                  output folder (default dist)
#   WAILS                     the Wails CLI (default $(go env GOPATH)/bin/wails)
#   WINDOWS_SCOPE             user (default: installs without administrator
#                             rights into %LOCALAPPDATA%\Programs) or machine
#   WINDOWS_CC                C compiler for the Windows cgo build on Linux
#                             (default x86_64-w64-mingw32-gcc)
#   SHOTDESK_WINDOWS_PFX, SHOTDESK_WINDOWS_PFX_PASSWORD
#                             sign the Windows programs, uninstaller and
#                             installer (scripts/sign-windows.sh)
#   SHOTDESK_MACOS_SIGN_IDENTITY   codesign identity for Shotdesk.app
#   SHOTDESK_NOTARY_APPLE_ID, SHOTDESK_NOTARY_TEAM_ID, SHOTDESK_NOTARY_PASSWORD
#                             notarize and staple the .dmg
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { printf 'dist: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

version=$(scripts/version.sh)
numeric=$(scripts/version.sh numeric)
debversion=$(scripts/version.sh deb)
out=${DIST_DIR:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
wails=${WAILS:-$(go env GOPATH)/bin/wails}
windows_scope=${WINDOWS_SCOPE:-user}
case $windows_scope in user | machine) ;; *) die "WINDOWS_SCOPE must be user or machine" ;; esac

# File times inside packages and archives: the commit's time, so the same
# commit gives the same files (dpkg-deb and the zip writer read this).
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH
release_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d 2>/dev/null || date -u -r "$SOURCE_DATE_EPOCH" +%Y-%m-%d)

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  case $(uname -s) in
    Linux) targets=(linux windows) ;;
    Darwin) targets=(darwin) ;;
    MINGW* | MSYS* | CYGWIN*) targets=(windows) ;;
    *) die "$(uname -s): no release build here; name the targets (linux, windows, darwin)" ;;
  esac
fi

[ -f frontend/dist/index.html ] || die "frontend/dist is not built: run make dist (or npm --prefix frontend run build) first"
[ -x "$wails" ] || die "the Wails CLI is not at $wails: run make deps"

work=$(mktemp -d "${TMPDIR:-/tmp}/shotdesk-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The small helper for what shell does badly (see scripts/disttool).
go build -o "$work/disttool" ./scripts/disttool
disttool=$work/disttool

# stage DIR copies the project as git sees it (tracked and new files, with
# their changes; nothing ignored) plus the built frontend into DIR and sets
# the version there.
stage() {
  local dir=$1 f
  mkdir -p "$dir"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      # Tracked files deleted in the work tree are not part of the build.
      if [ -e "$f" ]; then printf '%s\0' "$f"; fi
    done |
    tar --null -T - -cf - | tar -xf - -C "$dir"
  cp -R frontend/dist/. "$dir/frontend/dist/"
  "$disttool" stage-version "$dir" "$version" "$numeric"
}

# wails_build DIR ARGS... runs the release build in the staged copy: the
# frontend is already built and the bindings are committed; no go.mod
# changes; no file system paths in the binary.
wails_build() {
  local dir=$1
  shift
  (cd "$dir" && "$wails" build -s -m -skipbindings -nosyncgomod -trimpath -v 1 "$@")
}

# --- Linux -------------------------------------------------------------------

build_linux() {
  if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
    die "the .deb needs dpkg-deb and dpkg-shlibdeps (Debian package dpkg-dev)"
  fi
  local arch goarch s=$work/linux
  arch=$(dpkg --print-architecture)
  goarch=$(go env GOARCH)
  stage "$s"
  say "linux: building the $goarch binary ($version)"
  # libjpeg-turbo for profile pictures, as in make build.
  wails_build "$s" -platform "linux/$goarch" -tags webkit2_41,turbojpeg -ldflags "-X main.version=$version" >"$work/linux.log" 2>&1 ||
    { cat "$work/linux.log" >&2; die "linux: wails build failed"; }

  # One tree for both packages: what the .deb puts under /usr.
  local tree=$work/linux-usr
  install -Dm755 "$s/build/bin/shotdesk" "$tree/bin/shotdesk"
  install -Dm644 build/linux/com.shotdesk.Shotdesk.desktop "$tree/share/applications/com.shotdesk.Shotdesk.desktop"
  local icon size
  for icon in build/linux/icons/*.png; do
    size=$(basename "$icon" .png)
    install -Dm644 "$icon" "$tree/share/icons/hicolor/$size/apps/com.shotdesk.Shotdesk.png"
  done
  install -d "$tree/share/metainfo" "$tree/share/man/man1"
  sed -e "s|@VERSION@|$version|g" -e "s|@DATE@|$release_date|g" build/linux/com.shotdesk.Shotdesk.metainfo.xml \
    >"$tree/share/metainfo/com.shotdesk.Shotdesk.metainfo.xml"
  sed -e "s|@VERSION@|$version|g" -e "s|@DATE@|$release_date|g" build/linux/shotdesk.1 |
    gzip -9n >"$tree/share/man/man1/shotdesk.1.gz"
  chmod 644 "$tree/share/metainfo/"* "$tree/share/man/man1/"*

  # The .deb.
  local pkg=$work/deb
  mkdir -p "$pkg/DEBIAN"
  cp -R "$tree" "$pkg/usr"
  install -d "$pkg/usr/share/doc/shotdesk"
  cat >"$pkg/usr/share/doc/shotdesk/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Shotdesk

Files: *
Copyright: 2026 Shotdesk
License: proprietary
 All rights reserved. Shotdesk includes open-source Go and JavaScript
 libraries under their own licenses (MIT, BSD, Apache-2.0, ISC).
EOF
  # A native package's changelog (Debian policy 12.7), one entry per build.
  printf 'shotdesk (%s) unstable; urgency=medium\n\n  * Shotdesk %s.\n\n -- Shotdesk <dev@shotdesk.invalid>  %s\n' \
    "$debversion" "$version" "$(date -u -R -d "@$SOURCE_DATE_EPOCH" 2>/dev/null || date -u -R)" |
    gzip -9n >"$pkg/usr/share/doc/shotdesk/changelog.gz"
  chmod 644 "$pkg/usr/share/doc/shotdesk/"*

  # Library dependencies as dpkg-shlibdeps finds them in the binary
  # (libgtk-3-0, libwebkit2gtk-4.1-0, libturbojpeg0, libc6, …). It wants a
  # debian/control to read, so it runs in a scratch source tree.
  local shl=$work/shlibdeps depends
  mkdir -p "$shl/debian"
  printf 'Source: shotdesk\n\nPackage: shotdesk\nArchitecture: any\n' >"$shl/debian/control"
  depends=$(cd "$shl" && dpkg-shlibdeps -O "$pkg/usr/bin/shotdesk" 2>"$work/shlibdeps.log") ||
    { cat "$work/shlibdeps.log" >&2; die "dpkg-shlibdeps failed"; }
  depends=${depends#shlibs:Depends=}
  [ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies"

  cat >"$pkg/DEBIAN/control" <<EOF
Package: shotdesk
Version: $debversion
Architecture: $arch
Maintainer: Shotdesk <dev@shotdesk.invalid>
Installed-Size: $(du -sk "$pkg/usr" | cut -f1)
Depends: $depends
Recommends: xdg-utils
Suggests: gnome-keyring | keepassxc
Section: graphics
Priority: optional
Description: review, export and invite for HeadshotPro team headshots
 Shotdesk mirrors a HeadshotPro organization into a local cache, so the
 whole team can be reviewed offline, and does locally and fast what the
 web dashboard does slowly: 600x600 profile pictures, the whole-team
 Download Favorites ZIP, status CSV exports and bulk invites from a
 roster. The same work is available from the command line (shotdesk help).
 .
 The API key is kept in the desktop's Secret Service keychain (GNOME
 Keyring, KWallet, KeePassXC), or read from SHOTDESK_API_KEY.
EOF
  local deb=$out/shotdesk_${debversion}_${arch}.deb
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
  say "linux: $(basename "$deb")"

  # The tarball: the same tree, to unpack into ~/.local (or /usr/local).
  local name=shotdesk-$version-linux-$goarch
  mv "$tree" "$work/$name"
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -C "$work" -czf "$out/$name.tar.gz" "$name"
  say "linux: $name.tar.gz"
}

# --- Windows -----------------------------------------------------------------

build_windows() {
  local s=$work/windows
  command -v makensis >/dev/null || die "the Windows installer needs makensis (Debian package nsis)"
  case $(uname -s) in
    MINGW* | MSYS* | CYGWIN*) ;;
    *)
      # cgo (SQLite) for Windows from Linux or macOS: mingw-w64's gcc.
      export CC=${WINDOWS_CC:-x86_64-w64-mingw32-gcc} CGO_ENABLED=1
      command -v "$CC" >/dev/null || die "the Windows build needs $CC (Debian package gcc-mingw-w64-x86-64)"
      ;;
  esac
  stage "$s"
  local ld="-X main.version=$version"
  say "windows: building shotdesk-cli.exe and shotdesk.exe ($version)"
  # The console build first: the installer script packs it beside the
  # window program. The pure-Go JPEG path (no turbojpeg tag) avoids a
  # Windows libjpeg-turbo.
  if ! wails_build "$s" -platform windows/amd64 -windowsconsole -o shotdesk-cli.exe -ldflags "$ld -X main.cliOnly=true" >"$work/windows.log" 2>&1 ||
    ! wails_build "$s" -platform windows/amd64 -nsis -installscope "$windows_scope" -ldflags "$ld" >>"$work/windows.log" 2>&1; then
    cat "$work/windows.log" >&2
    die "windows: wails build failed"
  fi
  local bin=$s/build/bin installer=$s/build/bin/shotdesk-amd64-installer.exe
  [ -f "$installer" ] || { cat "$work/windows.log" >&2; die "windows: no installer was written"; }

  if [ -n "${SHOTDESK_WINDOWS_PFX:-}" ]; then
    # Sign the programs, then pack them again: makensis (run as wails did,
    # from the same folder) signs the uninstaller and installer itself.
    say "windows: signing"
    scripts/sign-windows.sh "$bin/shotdesk.exe"
    scripts/sign-windows.sh "$bin/shotdesk-cli.exe"
    local scope_defs=()
    if [ "$windows_scope" = user ]; then scope_defs=(-DWAILS_INSTALL_SCOPE=user -DREQUEST_EXECUTION_LEVEL=user); fi
    (cd "$s/build/windows/installer" &&
      makensis -V2 "-DARG_WAILS_AMD64_BINARY=$bin/shotdesk.exe" "${scope_defs[@]}" \
        "-DSHOTDESK_SIGN_COMMAND=$root/scripts/sign-windows.sh" project.nsi) >>"$work/windows.log" 2>&1 ||
      { cat "$work/windows.log" >&2; die "windows: makensis failed"; }
  fi

  local base=shotdesk-$version-windows-amd64
  cp "$installer" "$out/$base-setup.exe"
  say "windows: $base-setup.exe"

  local port=$work/$base-portable
  mkdir -p "$port"
  cp "$bin/shotdesk.exe" "$bin/shotdesk-cli.exe" "$port/"
  # CRLF: Notepad on older Windows shows a LF-only file as one line.
  sed 's/$/\r/' >"$port/README.txt" <<EOF
Shotdesk $version for Windows (x86-64), portable: nothing to install.

shotdesk.exe      the window (double-click it)
shotdesk-cli.exe  the command line, for cmd.exe and PowerShell:
                  shotdesk-cli help
                  shotdesk-cli sync
                  shotdesk-cli favorites --out %USERPROFILE%\\Downloads

The window needs the Microsoft Edge WebView2 runtime, which Windows 11 and
current Windows 10 have; the installer (...-setup.exe) adds it where missing.
Data stays in %APPDATA%\\Shotdesk and photos in %LOCALAPPDATA%\\Shotdesk,
also when this folder is moved or deleted.
EOF
  "$disttool" zip "$out/$base-portable.zip" "$port"
  say "windows: $base-portable.zip"
}

# --- macOS -------------------------------------------------------------------

build_darwin() {
  [ "$(uname -s)" = Darwin ] || die "the macOS app is built on a Mac (Xcode command-line tools); on Linux, make dist-check checks its Info.plist"
  local s=$work/darwin
  stage "$s"
  say "darwin: building Shotdesk.app (universal, $version)"
  wails_build "$s" -platform darwin/universal -ldflags "-X main.version=$version" >"$work/darwin.log" 2>&1 ||
    { cat "$work/darwin.log" >&2; die "darwin: wails build failed"; }
  # Wails names the bundle after the project (shotdesk.app); the Finder and
  # /Applications show the folder name.
  local app=$s/build/bin/Shotdesk.app
  mv "$s/build/bin/shotdesk.app" "$app"

  if [ -n "${SHOTDESK_MACOS_SIGN_IDENTITY:-}" ]; then
    say "darwin: signing with the hardened runtime (required for notarization)"
    codesign --force --options runtime --timestamp --sign "$SHOTDESK_MACOS_SIGN_IDENTITY" "$app"
    codesign --verify --strict --verbose=2 "$app"
  fi

  local base=Shotdesk-$version-macos-universal
  local notarize=()
  if [ -n "${SHOTDESK_NOTARY_APPLE_ID:-}" ]; then
    notarize=(--apple-id "$SHOTDESK_NOTARY_APPLE_ID" --team-id "$SHOTDESK_NOTARY_TEAM_ID" --password "$SHOTDESK_NOTARY_PASSWORD")
  fi
  ditto -c -k --keepParent "$app" "$out/$base.zip"
  if [ ${#notarize[@]} -gt 0 ]; then
    # The app itself is notarized and stapled, so that it opens offline
    # from the zip too; the zip is then made again from the stapled app.
    say "darwin: notarizing the app"
    xcrun notarytool submit "$out/$base.zip" --wait "${notarize[@]}"
    xcrun stapler staple "$app"
    rm "$out/$base.zip"
    ditto -c -k --keepParent "$app" "$out/$base.zip"
  fi
  local dmgroot=$work/dmg
  mkdir -p "$dmgroot"
  cp -R "$app" "$dmgroot/"
  ln -s /Applications "$dmgroot/Applications"
  hdiutil create -quiet -volname Shotdesk -srcfolder "$dmgroot" -ov -format UDZO "$out/$base.dmg"
  if [ -n "${SHOTDESK_MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$SHOTDESK_MACOS_SIGN_IDENTITY" "$out/$base.dmg"
  fi
  if [ ${#notarize[@]} -gt 0 ]; then
    say "darwin: notarizing the disk image"
    xcrun notarytool submit "$out/$base.dmg" --wait "${notarize[@]}"
    xcrun stapler staple "$out/$base.dmg"
  fi
  say "darwin: $base.dmg, $base.zip"
}

for t in "${targets[@]}"; do
  case $t in
    linux | windows | darwin) ;;
    *) die "unknown target $t (linux, windows, darwin)" ;;
  esac
done

# Packages of earlier builds of the same targets would be mistaken for
# this one's (and uploaded with it): remove them, and nothing else.
for t in "${targets[@]}"; do
  case $t in
    linux) rm -f "$out"/shotdesk_*.deb "$out"/shotdesk-*-linux-*.tar.gz ;;
    windows) rm -f "$out"/shotdesk-*-windows-*-setup.exe "$out"/shotdesk-*-windows-*-portable.zip ;;
    darwin) rm -f "$out"/Shotdesk-*-macos-*.dmg "$out"/Shotdesk-*-macos-*.zip ;;
  esac
done

say "version $version into $out"
# On Linux the two builds run side by side: the Windows one spends much of a
# cold build in one single-threaded C compile (SQLite), which leaves a core
# for the other.
pids=()
for t in "${targets[@]}"; do
  "build_$t" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
[ "$failed" = 0 ] || die "failed"
