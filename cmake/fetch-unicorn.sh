#!/usr/bin/env bash
# Provides the CPU engine polyrun links statically: Unicorn 2.1 (its static libunicorn.a and headers).
#
# Where the host's own package manager offers libunicorn-dev 2.1 or later (Debian 13, Ubuntu 24.04
# and later) that package is installed and used. On Debian 12, whose libunicorn-dev is 2.0.1,
# Debian 13's libunicorn-dev is downloaded through a private apt state (lists, cache and status
# under .deps/apt; the host's sources, preferences and status are never touched), version pinned
# and its sha256 checked, and unpacked into .deps/unicorn, where cmake/FindUnicorn.cmake looks
# first, from any build directory.
#   cmake/fetch-unicorn.sh [--no-install]   (--no-install: never call the host's apt-get install)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

version=2.1.1-2+b2
sha256=479613e244a6023c03708951a5f0e00fc96c83a4b74b4d74c9fe7d3a9050208b
suite=trixie
dest=$src/.deps/unicorn
install=1
[ "${1:-}" = --no-install ] && install=0

say() { echo "fetch-unicorn: $*" >&2; }

# Already unpacked at the pinned version.
if [ -f "$dest/VERSION" ] && [ "$(cat "$dest/VERSION")" = "$version" ] && [ -f "$dest/lib/libunicorn.a" ]; then
  exit 0
fi

# The host's own package, where it is new enough.
ge21() { dpkg --compare-versions "$1" ge 2.1; }
installed=$(dpkg-query -W -f='${Version}' libunicorn-dev 2>/dev/null || true)
if [ -n "$installed" ] && ge21 "$installed"; then exit 0; fi
candidate=$(apt-cache policy libunicorn-dev 2>/dev/null | awk '/Candidate:/ {print $2}')
if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && ge21 "$candidate"; then
  if [ "$install" = 1 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends libunicorn-dev
    exit 0
  fi
fi

# Debian 13's package, through polyrun's own apt state.
. cmake/private-apt.sh
deb=$(private_apt_download "$src/.deps/apt" "$suite" libunicorn-dev "$version" "$sha256" 2> >(sed 's/^/fetch-unicorn: /' >&2)) || exit 1

tmp=$(mktemp -d "$src/.deps/unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
rm -rf "$dest"
mkdir -p "$dest/lib"
mv "$tmp/usr/include" "$dest/include"
mv "$tmp"/usr/lib/*/libunicorn.a "$dest/lib/"
echo "$version" > "$dest/VERSION"
say "Unicorn $version (Debian $suite) unpacked into .deps/unicorn"
