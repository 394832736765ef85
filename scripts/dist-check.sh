#!/usr/bin/env bash
# The cross-platform release checks that run on Linux (`make dist-check`,
# part of `make test`):
#
#   - scripts/dist.sh builds the Linux and Windows artefacts, and the work
#     tree is exactly as before (git status);
#   - GOOS=windows go vet ./... with mingw-w64 cgo (the tags of the release
#     build), GOOS=darwin go vet ./internal/... ./scripts/... (no cgo for
#     darwin here);
#   - Windows: shotdesk.exe is a GUI-subsystem program and shotdesk-cli.exe
#     a console one, both with VERSIONINFO = the version, in the portable
#     zip and inside the installer (listed and unpacked with 7-Zip);
#   - macOS: Info.plist and Info.dev.plist rendered as the Mac build does and
#     read with plistlib: macOS 12 minimum, version, bundle id;
#   - Linux: the .deb's files and dependencies; installed with dpkg -i, then
#     `shotdesk version`, and `shotdesk sync` + `favorites` against
#     `shotdesk sandbox`, all from /usr/bin; desktop-file-validate,
#     appstreamcli validate and man without a warning; dpkg -r;
#   - actionlint on .github/workflows (it also runs ShellCheck on their
#     scripts) and ShellCheck on the release scripts.
#
# Every step prints its time. DIST_DIR (default dist) is where the
# artefacts go.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
step() { printf '[dist-check %4ss] %s\n' "$(($(date +%s) - started))" "$*"; }
fail() {
  printf 'dist-check: FAIL: %s\n' "$*" >&2
  exit 1
}

version=$(scripts/version.sh)
numeric=$(scripts/version.sh numeric)
debversion=$(scripts/version.sh deb)
export DIST_DIR=${DIST_DIR:-dist}
work=$(mktemp -d "${TMPDIR:-/tmp}/shotdesk-dist-check.XXXXXX")
bg=()
cleanup() {
  local pid
  for pid in "${bg[@]+"${bg[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

ACTIONLINT_VERSION=v1.7.12
gobin=$(go env GOPATH)/bin

# Checks that need no artefact run in the background while dist builds.
# Each writes its output to a log, shown when it fails.
bg_run() {
  local name=$1
  shift
  ("$@") >"$work/$name.log" 2>&1 &
  bg+=($!)
  eval "pid_$name=\$!"
}
bg_wait() {
  local name=$1 pid
  eval "pid=\$pid_$name"
  if ! wait "$pid"; then
    cat "$work/$name.log" >&2
    fail "$name"
  fi
  step "$name: ok"
}

darwin_vet() {
  # Wails' darwin code needs cgo (Objective-C), which cannot be cross-built
  # here, so main and app/ are left out; internal/ has no cgo-only code
  # except the SQLite driver, which builds as a stub without cgo.
  GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet ./internal/... ./scripts/...
}

lint() {
  if ! "$gobin/actionlint" -version 2>/dev/null | grep -qx "$ACTIONLINT_VERSION"; then
    go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  fi
  # actionlint runs shellcheck on the workflows' run: scripts when it is
  # installed (scripts/system-deps.sh installs it for make test).
  "$gobin/actionlint" .github/workflows/*.yml
  if command -v shellcheck >/dev/null; then
    shellcheck scripts/dist.sh scripts/dist-check.sh scripts/version.sh scripts/sign-windows.sh
  fi
}

step "version $version (numeric $numeric, deb $debversion)"
bg_run darwin_vet darwin_vet
bg_run lint lint

before=$(git status --porcelain --untracked-files=all)
step "dist: building the Linux and Windows artefacts"
scripts/dist.sh linux windows
after=$(git status --porcelain --untracked-files=all)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") >&2 || true
  fail "make dist changed the work tree (above: git status before and after)"
fi
step "dist: the work tree is as it was"
ls -l "$DIST_DIR"

# The Windows vet reuses the packages the Windows build just compiled (same
# tags and -trimpath), so it runs after it.
windows_vet() {
  GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=${WINDOWS_CC:-x86_64-w64-mingw32-gcc} \
    go vet -trimpath -tags desktop,production,webkit2_41 ./...
}
bg_run windows_vet windows_vet

go build -o "$work/disttool" ./scripts/disttool
disttool=$work/disttool

# --- Windows -----------------------------------------------------------------
base=$DIST_DIR/shotdesk-$version-windows-amd64
[ -f "$base-setup.exe" ] || fail "no $base-setup.exe"
[ -f "$base-portable.zip" ] || fail "no $base-portable.zip"

mkdir -p "$work/portable" "$work/installer"
unzip -q "$base-portable.zip" -d "$work/portable"
port=$work/portable/$(basename "$base")-portable
"$disttool" pe "$port/shotdesk.exe" gui "$numeric" "$version"
"$disttool" pe "$port/shotdesk-cli.exe" console "$numeric" "$version"
[ -f "$port/README.txt" ] || fail "the portable zip has no README.txt"

listing=$(7z l "$base-setup.exe")
for f in shotdesk.exe shotdesk-cli.exe webview2bootstrapper/MicrosoftEdgeWebview2Setup.exe; do
  grep -q " $f\$\|/$f\$" <<<"$listing" || {
    echo "$listing" >&2
    fail "the installer has no $f"
  }
done
7z e -y -bso0 -bsp0 -o"$work/installer" "$base-setup.exe" shotdesk.exe shotdesk-cli.exe
cmp -s "$work/installer/shotdesk.exe" "$port/shotdesk.exe" || fail "the installer's shotdesk.exe differs from the portable one"
cmp -s "$work/installer/shotdesk-cli.exe" "$port/shotdesk-cli.exe" || fail "the installer's shotdesk-cli.exe differs from the portable one"
"$disttool" pe "$base-setup.exe" gui "$numeric" -
step "windows: subsystems, VERSIONINFO and installer contents ok"

# --- macOS -------------------------------------------------------------------
for plist in Info.plist Info.dev.plist; do
  "$disttool" plist "build/darwin/$plist" wails.json "$numeric" "$work/$plist"
  python3 - "$work/$plist" "$numeric" <<'EOF'
import plistlib, sys

path, version = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    p = plistlib.load(f, fmt=plistlib.FMT_XML)
want = {
    "CFBundleIdentifier": "com.shotdesk.desktop",
    "CFBundleName": "Shotdesk",
    "CFBundleExecutable": "shotdesk",
    "CFBundlePackageType": "APPL",
    "CFBundleShortVersionString": version,
    "CFBundleVersion": version,
    "NSHighResolutionCapable": True,
}
bad = {k: (p.get(k), v) for k, v in want.items() if p.get(k) != v}
minimum = tuple(int(x) for x in p.get("LSMinimumSystemVersion", "0").split("."))
if minimum < (12,):
    bad["LSMinimumSystemVersion"] = (p.get("LSMinimumSystemVersion"), ">= 12 (Go 1.26)")
if bad:
    sys.exit(f"{path}: " + "; ".join(f"{k} = {g!r}, want {w!r}" for k, (g, w) in bad.items()))
EOF
done
step "macos: Info.plist and Info.dev.plist ok"

# --- Linux -------------------------------------------------------------------
arch=$(dpkg --print-architecture)
deb=$DIST_DIR/shotdesk_${debversion}_${arch}.deb
[ -f "$deb" ] || fail "no $deb"
[ -f "$DIST_DIR/shotdesk-$version-linux-$(go env GOARCH).tar.gz" ] || fail "no Linux tarball"
[ "$(dpkg-deb -f "$deb" Version)" = "$debversion" ] || fail "the .deb's version is $(dpkg-deb -f "$deb" Version), want $debversion"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libwebkit2gtk-4.1-0 libgtk-3-0 libturbojpeg libc6; do
  [[ $depends == *"$lib"* ]] || fail "the .deb does not depend on $lib: $depends"
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/shotdesk ./usr/share/applications/com.shotdesk.Shotdesk.desktop \
  ./usr/share/metainfo/com.shotdesk.Shotdesk.metainfo.xml ./usr/share/man/man1/shotdesk.1.gz \
  ./usr/share/icons/hicolor/256x256/apps/com.shotdesk.Shotdesk.png \
  ./usr/share/doc/shotdesk/changelog.gz ./usr/share/doc/shotdesk/copyright; do
  grep -q " $f\$" <<<"$contents" || fail "the .deb has no $f"
done
if grep -v ' root/root ' <<<"$contents" | grep -q .; then fail "files in the .deb not owned by root"; fi
# The unpacked tree as a software centre sees it: the metainfo, the
# .desktop it names and its icon.
dpkg-deb -x "$deb" "$work/debroot"
appstreamcli validate-tree --no-net "$work/debroot" >"$work/tree.log" 2>&1 || {
  cat "$work/tree.log" >&2
  fail "appstreamcli validate-tree"
}
step "linux: .deb contents and dependencies ok"

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
installed=$(dpkg-query -W -f='${Status} ${Version}' shotdesk 2>/dev/null || true)
if [[ $installed == "install ok installed "* && $installed != *"~dev"* ]]; then
  # A release someone installed on purpose: do not replace it.
  step "linux: SKIPPED the install check: shotdesk ${installed##* } is installed on this machine"
else
  "${sudo[@]}" dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || {
    cat "$work/dpkg.log" >&2
    fail "dpkg -i $deb"
  }
  remove() { "${sudo[@]}" dpkg -r shotdesk >/dev/null 2>&1 || true; }
  trap 'remove; cleanup' EXIT

  got=$(/usr/bin/shotdesk version)
  [[ $got == "shotdesk $version "* ]] || fail "/usr/bin/shotdesk version printed: $got"

  out=$(desktop-file-validate /usr/share/applications/com.shotdesk.Shotdesk.desktop 2>&1) || fail "desktop-file-validate: $out"
  [ -z "$out" ] || fail "desktop-file-validate: $out"
  out=$(appstreamcli validate --no-net /usr/share/metainfo/com.shotdesk.Shotdesk.metainfo.xml 2>&1) ||
    fail "appstreamcli validate: $out"
  if grep -q '^[EWI]:' <<<"$out"; then fail "appstreamcli validate: $out"; fi
  out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l /usr/share/man/man1/shotdesk.1.gz 2>&1 >/dev/null) || fail "man: $out"
  [ -z "$out" ] || fail "man page warnings: $out"

  # The installed program against its own sandbox: the API client, SQLite,
  # the photo downloads and, in favorites, libjpeg-turbo, from /usr/bin.
  mkdir -p "$work/home"
  /usr/bin/shotdesk sandbox --addr 127.0.0.1:0 --members 12 >"$work/sandbox.out" 2>"$work/sandbox.err" &
  sandbox_pid=$!
  bg+=("$sandbox_pid")
  for _ in $(seq 100); do
    [ -s "$work/sandbox.out" ] && break
    sleep 0.1
  done
  line=$(head -1 "$work/sandbox.out")
  [[ $line =~ ^SANDBOX_URL=([^ ]+)\ SANDBOX_KEY=([^ ]+)$ ]] || {
    cat "$work/sandbox.err" >&2
    fail "the sandbox did not start: $line"
  }
  sandbox_url=${BASH_REMATCH[1]} sandbox_key=${BASH_REMATCH[2]}
  run() {
    env HOME="$work/home" SHOTDESK_DATA_DIR="$work/data" \
      SHOTDESK_API_URL="$sandbox_url" SHOTDESK_API_KEY="$sandbox_key" /usr/bin/shotdesk "$@"
  }
  run sync >"$work/sync.log" 2>&1 || {
    cat "$work/sync.log" >&2
    fail "/usr/bin/shotdesk sync against the sandbox"
  }
  grep -q '^Synced: 12 people' "$work/sync.log" || {
    cat "$work/sync.log" >&2
    fail "sync did not report 12 people"
  }
  mkdir -p "$work/export"
  run favorites --offline --out "$work/export" >"$work/favorites.log" 2>&1 || {
    cat "$work/favorites.log" >&2
    fail "/usr/bin/shotdesk favorites"
  }
  ls "$work/export"/team-photos-*.zip >/dev/null || fail "favorites wrote no ZIP"
  kill "$sandbox_pid" 2>/dev/null || true

  "${sudo[@]}" dpkg -r shotdesk >/dev/null
  [ ! -e /usr/bin/shotdesk ] || fail "/usr/bin/shotdesk is still there after dpkg -r"
  trap cleanup EXIT
  step "linux: installed, version, sync + favorites against the sandbox, desktop-file-validate, appstreamcli, man, removed: ok"
fi

bg_wait darwin_vet
bg_wait windows_vet
bg_wait lint
step "all release checks passed"
