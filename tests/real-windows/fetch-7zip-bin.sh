#!/usr/bin/env bash
# Fetches the npm package 7zip-bin 5.2.0 (7-Zip 21.07's console 7za.exe for Windows x64 and x86,
# built by its author with MSVC) from the npm registry into a cache, checks it against the
# registry's published sha512, and prints the directory it was unpacked in.
# Exit status 77 (a skip for CTest) when it cannot be downloaded.
set -euo pipefail
version=5.2.0
sha512=ba44cf561a86e2337332ba36a80f4748249254937768deed95bfa17ea602b77111d325aba1e036551dfc30dace1cb43f7158fe0da20c69dd24142b565a8c21fc
url=https://registry.npmjs.org/7zip-bin/-/7zip-bin-$version.tgz
cache=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}/7zip-bin-$version
if [ ! -f "$cache/package/win/x64/7za.exe" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp "$cache/download.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  if ! curl -fsSL --retry 3 -o "$tmp" "$url" 2>/dev/null && ! wget -q -O "$tmp" "$url" 2>/dev/null; then
    echo "fetch-7zip-bin: cannot download $url" >&2
    exit 77
  fi
  if [ "$(sha512sum "$tmp" | cut -d' ' -f1)" != "$sha512" ]; then
    echo "fetch-7zip-bin: $url does not have the expected sha512" >&2
    exit 1
  fi
  rm -rf "$cache/package"
  tar -xzf "$tmp" -C "$cache" package/win/x64/7za.exe package/win/ia32/7za.exe package/LICENSE.txt 2>/dev/null ||
    tar -xzf "$tmp" -C "$cache" package/win/x64/7za.exe package/win/ia32/7za.exe
fi
echo "$cache/package"
