#!/usr/bin/env bash
# Fetches an npm package tarball from the npm registry into a cache, checks it against the sha512
# the registry publishes for it, unpacks it and prints the unpacked package directory.
#   fetch-npm.sh NAME VERSION SHA512-HEX      (NAME may be scoped: @scope/name)
# Cache: $POLYRUN_CACHE, else $XDG_CACHE_HOME/polyrun, else ~/.cache/polyrun. Tests that run at
# the same time and want the same package wait for one another (flock on the cache entry).
# Exit status 77 (a skip for CTest) when the registry cannot be reached; 1 under CI=true.
set -euo pipefail
name=$1 version=$2 sha512=$3
base=${name##*/}
url=https://registry.npmjs.org/$name/-/$base-$version.tgz
cache=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}/npm/${name//\//_}-$version
mkdir -p "$cache"
exec 9> "$cache.lock"
flock 9
if [ ! -f "$cache/.complete" ]; then
  tmp=$(mktemp "$cache/download.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  if ! curl -fsSL --retry 3 -o "$tmp" "$url" 2>/dev/null && ! wget -q -O "$tmp" "$url" 2>/dev/null; then
    echo "fetch-npm: cannot download $url" >&2
    [ "${CI:-}" = true ] && exit 1  # CI does not pass over a failed download
    exit 77
  fi
  if [ "$(sha512sum "$tmp" | cut -d' ' -f1)" != "$sha512" ]; then
    echo "fetch-npm: $url does not have the registry's sha512" >&2
    exit 1
  fi
  rm -rf "$cache/package"
  tar -xzf "$tmp" -C "$cache"
  touch "$cache/.complete"
fi
echo "$cache/package"
