#!/usr/bin/env bash
# Unpacks the newest qemu-user Debian has (forky's 11.1, statically linked: it runs on Debian 12)
# into .deps/qemu-new, a second reference for the CPU feature tests besides Debian 12's
# qemu-user (7.2): tests/cpu-features/check.sh looks there. Version pinned, sha256 checked,
# downloaded through polyrun's own apt state (cmake/private-apt.sh); never on polyrun's own path.
#   tests/cpu-features/fetch-qemu.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$(pwd)
version=1:11.1.2+ds-3
sha256=4bacc2bf647f1756c5f08e7f146161d3eeef9d9f53e5d6412d1b3daca0c93655
dest=$src/.deps/qemu-new
if [ -f "$dest/VERSION" ] && [ "$(cat "$dest/VERSION")" = "$version" ]; then exit 0; fi
. cmake/private-apt.sh
deb=$(private_apt_download "$src/.deps/apt" forky qemu-user "$version" "$sha256" 2> >(sed 's/^/fetch-qemu: /' >&2)) || exit 1
tmp=$(mktemp -d "$src/.deps/unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
rm -rf "$dest"
mkdir -p "$dest"
for isa in aarch64 riscv64 arm i386 s390x; do mv "$tmp/usr/bin/qemu-$isa" "$dest/"; done
echo "$version" > "$dest/VERSION"
echo "fetch-qemu: qemu-user $version (Debian forky) unpacked into .deps/qemu-new" >&2
