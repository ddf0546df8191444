#!/usr/bin/env bash
# Fetches one Debian package (apt-get download NAME=VERSION) into a cache, checks it against the
# SHA-256 that Debian's index gives for it, unpacks it (dpkg -x) and prints the unpacked tree.
#   fetch-deb.sh NAME VERSION SHA256-HEX
# Cache: $POLYRUN_CACHE, else $XDG_CACHE_HOME/polyrun, else ~/.cache/polyrun (deb/NAME_VERSION).
# Exit status 77 when the package cannot be downloaded (no mirror, or the version is no longer in
# the index: `apt-get update` first).
set -euo pipefail
name=$1 version=$2 sha256=$3
cache=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}/deb/${name}_$version
mkdir -p "$cache"
exec 9> "$cache.lock"
flock 9
if [ ! -f "$cache/.complete" ]; then
  tmp=$(mktemp -d "$cache.download.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  chmod 755 "$tmp"
  if ! (cd "$tmp" && apt-get download -q "$name=$version" > "$tmp.log" 2>&1); then
    echo "fetch-deb: cannot download $name=$version: $(tail -1 "$tmp.log")" >&2
    rm -f "$tmp.log"
    exit 77
  fi
  rm -f "$tmp.log"
  deb=$(ls "$tmp"/*.deb)
  if [ "$(sha256sum "$deb" | cut -d' ' -f1)" != "$sha256" ]; then
    echo "fetch-deb: $(basename "$deb") does not have the expected sha256" >&2
    exit 1
  fi
  rm -rf "$cache/root"
  dpkg -x "$deb" "$cache/root"
  touch "$cache/.complete"
fi
echo "$cache/root"
