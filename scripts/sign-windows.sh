#!/usr/bin/env bash
# Signs one Windows executable in place with Authenticode (osslsigncode, so
# it runs on the Linux machine that cross-builds the release):
#
#   SHOTDESK_WINDOWS_PFX=cert.pfx SHOTDESK_WINDOWS_PFX_PASSWORD=… scripts/sign-windows.sh FILE.exe
#
# scripts/dist.sh calls it for shotdesk.exe and shotdesk-cli.exe, and
# makensis calls it for the uninstaller and the installer it writes
# (project.nsi's !finalize). The password is read from the environment,
# never from the command line, where other processes could see it.
# SHOTDESK_TIMESTAMP_URL is the time-stamping service (default DigiCert's),
# so signatures stay valid after the certificate expires; "none" skips it
# (a test signature made offline).
set -euo pipefail
file=${1:?usage: sign-windows.sh FILE.exe}
: "${SHOTDESK_WINDOWS_PFX:?SHOTDESK_WINDOWS_PFX (a .pfx/.p12 file) is not set}"
command -v osslsigncode >/dev/null || {
  echo "sign-windows.sh: osslsigncode is missing (Debian package osslsigncode)" >&2
  exit 1
}
pass=$(mktemp)
trap 'rm -f "$pass" "$file.signed"' EXIT
printf '%s' "${SHOTDESK_WINDOWS_PFX_PASSWORD:-}" >"$pass"
ts=(-ts "${SHOTDESK_TIMESTAMP_URL:-http://timestamp.digicert.com}")
[ "${SHOTDESK_TIMESTAMP_URL:-}" != none ] || ts=()
osslsigncode sign -pkcs12 "$SHOTDESK_WINDOWS_PFX" -readpass "$pass" \
  -n Shotdesk -h sha256 "${ts[@]}" -in "$file" -out "$file.signed" >/dev/null
mv -f "$file.signed" "$file"
