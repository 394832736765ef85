#!/usr/bin/env bash
# Prints Shotdesk's version, the one source for every artefact:
#
#   scripts/version.sh            full version: X.Y.Z on a release tag vX.Y.Z,
#                                 else 0.0.0-dev+<commit> (".dirty" appended
#                                 when the work tree has uncommitted changes)
#   scripts/version.sh numeric    X.Y.Z only (0.0.0 for development builds):
#                                 makensis, the Windows VERSIONINFO and
#                                 Info.plist accept nothing else
#   scripts/version.sh deb        the Debian package version: X.Y.Z, or
#                                 0.0.0~dev+<commit> (the tilde sorts a
#                                 development build before any release)
#
# SHOTDESK_VERSION=X.Y.Z[-…] overrides the git lookup (a source tarball has
# no .git; CI may pass the tag it was started for).
#
# Only an exact vX.Y.Z tag on HEAD makes a release version: a build a few
# commits past v1.2.0 is not 1.2.0, and guessing 1.2.1 could clash with the
# real 1.2.1, so it is a development build like any other.
set -euo pipefail
cd "$(dirname "$0")/.."

full=${SHOTDESK_VERSION:-}
if [ -z "$full" ]; then
  tag=$(git describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null || true)
  if [[ $tag =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]]; then
    full=${BASH_REMATCH[1]}
  else
    commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
    full=0.0.0-dev+$commit
  fi
  # A build from a changed tree must not pass for the commit (or the
  # release) it started from. build/bin/ and dist/ are ignored, so building
  # does not make the tree dirty.
  if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    case $full in
      *+*) full=$full.dirty ;;
      *) full=$full+dirty ;;
    esac
  fi
fi

if ! [[ $full =~ ^([0-9]+\.[0-9]+\.[0-9]+)([-+].*)?$ ]]; then
  echo "version.sh: $full is not X.Y.Z or X.Y.Z-… (set SHOTDESK_VERSION or tag vX.Y.Z)" >&2
  exit 1
fi
numeric=${BASH_REMATCH[1]}

case ${1:-full} in
  full) echo "$full" ;;
  numeric) echo "$numeric" ;;
  deb)
    # Debian versions: a "-" would start a Debian revision; "~" sorts before
    # the release, "+" is allowed in the upstream part.
    rest=${full#"$numeric"}
    rest=${rest#-}
    if [ -z "$rest" ]; then echo "$numeric"; else echo "$numeric~${rest}"; fi
    ;;
  *)
    echo "usage: $0 [full|numeric|deb]" >&2
    exit 2
    ;;
esac
