#!/usr/bin/env bash
# Assembles a guest root for arm64 programs from Debian's own arm64 packages, without touching the
# host's apt configuration or its list of architectures: a private apt state (lists, cache,
# status) under ROOT/.apt, `apt-get install --download-only` of the packages and everything they
# depend on, then `dpkg-deb -x` of each into ROOT. Kept between runs: packages already unpacked
# are not fetched again. --arch amd64 assembles a root of the host's own architecture instead
# (native builds of the same programs, as a reference where qemu-aarch64 cannot be one).
#   make-root.sh [--arch ARCH] ROOT PACKAGE...   (e.g. make-root.sh ~/.cache/polyrun/arm64-root busybox-static)
# Exit status 77 (a skip for CTest) when the Debian mirror cannot be reached.
set -euo pipefail
arch=arm64
if [ "${1:-}" = --arch ]; then
  arch=$2
  shift 2
fi
root=$1
shift
mkdir -p "$root/.apt/lists/partial" "$root/.apt/archives/partial" "$root/.apt/etc"
root=$(cd "$root" && pwd)
apt_dir=$root/.apt
exec 9> "$apt_dir/lock"
flock 9  # one assembly of a root at a time
# The host's Debian release and mirror, for ARCH.
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [arch=$arch signed-by=$keyring] http://deb.debian.org/debian $suite main" > "$apt_dir/etc/sources.list"
[ -f "$apt_dir/status" ] || : > "$apt_dir/status"
opts=(-o APT::Architecture="$arch" -o APT::Architectures="$arch"
      -o Dir::State="$apt_dir" -o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status"
      -o Dir::Cache="$apt_dir" -o Dir::Cache::archives="$apt_dir/archives"
      -o Dir::Etc::SourceList="$apt_dir/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
      -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o APT::Install-Recommends=0)
wanted=()
for pkg in "$@"; do
  [ -f "$apt_dir/unpacked-$pkg" ] || wanted+=("$pkg")
done
[ ${#wanted[@]} -gt 0 ] || exit 0
update() {
  apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || { echo "make-root: cannot reach the Debian mirror" >&2; exit 77; }
}
download() { apt-get "${opts[@]}" install -y -qq --download-only "${wanted[@]/%/:$arch}" >/dev/null 2>&1; }
[ -n "$(ls -A "$apt_dir/lists" 2>/dev/null | grep -v partial)" ] || update
# Kept lists go stale when the release is updated (the versions they name leave the mirror):
# fetch them again once before giving up.
download || { update; download; } || { echo "make-root: cannot download ${wanted[*]} for $arch" >&2; exit 77; }
for deb in "$apt_dir"/archives/*.deb; do
  marker="$apt_dir/unpacked-deb-$(basename "$deb")"
  [ -f "$marker" ] && continue
  dpkg-deb -x "$deb" "$root"
  touch "$marker"
done
for pkg in "${wanted[@]}"; do touch "$apt_dir/unpacked-$pkg"; done
