#!/usr/bin/env bash
# Assembles a guest root for arm64 programs from Debian's own arm64 packages, without touching the
# host's apt configuration or its list of architectures: a private apt state (lists, cache,
# status) under ROOT/.apt, `apt-get install --download-only` of the packages and everything they
# depend on, then `dpkg-deb -x` of each into ROOT. Kept between runs: packages already unpacked
# are not fetched again. --arch amd64 assembles a root of the host's own architecture instead
# (native builds of the same programs, as a reference where qemu-aarch64 cannot be one). --suite
# takes the packages from another Debian release than the host's (riscv64: trixie, the first
# release built for it); a comma-separated list is tried in order until one's index can be read
# (a mirror mid-sync serves an index its Release file does not describe), and the root keeps the
# release it was first made from.
#   make-root.sh [--arch ARCH] [--suite SUITE] ROOT PACKAGE...
#   (e.g. make-root.sh ~/.cache/polyrun/arm64-root busybox-static)
# Exit status 77 (a skip for CTest) when the Debian mirror cannot be reached; 1 under CI=true.
set -euo pipefail
unreachable=77
[ "${CI:-}" = true ] && unreachable=1  # CI does not pass over a failed download
arch=arm64
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")  # the host's release
while [ $# -gt 0 ]; do
  case $1 in
    --arch) arch=$2; shift 2 ;;
    --suite) suite=$2; shift 2 ;;
    *) break ;;
  esac
done
root=$1
shift
mkdir -p "$root/.apt/lists/partial" "$root/.apt/archives/partial" "$root/.apt/etc"
root=$(cd "$root" && pwd)
apt_dir=$root/.apt
exec 9> "$apt_dir/lock"
flock 9  # one assembly of a root at a time
# The Debian mirror, for ARCH and SUITE.
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ ! -f "$apt_dir/suite" ] || suite=$(cat "$apt_dir/suite")
IFS=, read -r -a suites <<< "$suite"
sources() { echo "deb [arch=$arch signed-by=$keyring] http://deb.debian.org/debian $1 main" > "$apt_dir/etc/sources.list"; }
sources "${suites[0]}"
[ -f "$apt_dir/status" ] || : > "$apt_dir/status"
opts=(-o APT::Architecture="$arch" -o APT::Architectures="$arch"
      -o Dir::State="$apt_dir" -o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status"
      -o Dir::Cache="$apt_dir" -o Dir::Cache::archives="$apt_dir/archives"
      -o Dir::Etc::SourceList="$apt_dir/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
      -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o APT::Install-Recommends=0)
. "$(dirname "${BASH_SOURCE[0]}")/../../cmake/debian-mirror.sh"
mapfile -t index_only < <(apt_packages_index_only)
opts+=("${index_only[@]}")
wanted=()
for pkg in "$@"; do
  [ -f "$apt_dir/unpacked-$pkg" ] || wanted+=("$pkg")
done
[ ${#wanted[@]} -gt 0 ] || exit 0
update() {
  local s
  for s in "${suites[@]}"; do
    sources "$s"
    if apt-get "${opts[@]}" update -qq >/dev/null 2>&1 && [ -n "$(ls "$apt_dir/lists" | grep -i _Packages)" ]; then
      [ ${#suites[@]} -eq 1 ] || echo "$s" > "$apt_dir/suite"  # (a choice among several: kept)
      suites=("$s")
      return 0
    fi
  done
  echo "make-root: cannot read the Debian mirror's index (${suites[*]}, $arch)" >&2
  exit "$unreachable"
}
download() { apt-get "${opts[@]}" install -y -qq --download-only "${wanted[@]/%/:$arch}" >/dev/null 2>&1; }
[ -n "$(ls -A "$apt_dir/lists" 2>/dev/null | grep -v partial)" ] || update
# Kept lists go stale when the release is updated (the versions they name leave the mirror):
# fetch them again once before giving up.
download || { update; download; } || { echo "make-root: cannot download ${wanted[*]} for $arch" >&2; exit "$unreachable"; }
for deb in "$apt_dir"/archives/*.deb; do
  marker="$apt_dir/unpacked-deb-$(basename "$deb")"
  [ -f "$marker" ] && continue
  dpkg-deb -x "$deb" "$root"
  touch "$marker"
done
# Releases after bookworm ship everything under /usr and leave /bin, /sbin and /lib to be links
# (made by base-files' maintainer scripts, which nothing runs here): made where missing.
for d in bin sbin lib; do
  [ -e "$root/$d" ] || [ ! -d "$root/usr/$d" ] || ln -s "usr/$d" "$root/$d"
done
for pkg in "${wanted[@]}"; do touch "$apt_dir/unpacked-$pkg"; done
