#!/usr/bin/env bash
# Assembles a guest root for arm64 programs from Debian's own arm64 packages, without touching the
# host's apt configuration or its list of architectures: a private apt state (lists, cache,
# status) under ROOT/.apt, `apt-get install --download-only` of the packages and everything they
# depend on, then `dpkg-deb -x` of each into ROOT. Kept between runs: packages already unpacked
# are not fetched again.
#   make-root.sh ROOT PACKAGE...      (e.g. make-root.sh ~/.cache/polyrun/arm64-root busybox-static)
# Exit status 77 (a skip for CTest) when the Debian mirror cannot be reached.
set -euo pipefail
root=$1
shift
mkdir -p "$root/.apt/lists/partial" "$root/.apt/archives/partial" "$root/.apt/etc"
root=$(cd "$root" && pwd)
apt_dir=$root/.apt
exec 9> "$apt_dir/lock"
flock 9  # one assembly of a root at a time
# The host's Debian release and mirror, for arm64.
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [arch=arm64 signed-by=$keyring] http://deb.debian.org/debian $suite main" > "$apt_dir/etc/sources.list"
[ -f "$apt_dir/status" ] || : > "$apt_dir/status"
opts=(-o APT::Architecture=arm64 -o APT::Architectures=arm64
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
if [ -z "$(ls -A "$apt_dir/lists" 2>/dev/null | grep -v partial)" ]; then
  apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || { echo "make-root: cannot reach the Debian mirror" >&2; exit 77; }
fi
apt-get "${opts[@]}" install -y -qq --download-only "${wanted[@]/%/:arm64}" >/dev/null 2>&1 ||
  { echo "make-root: cannot download ${wanted[*]} for arm64" >&2; exit 77; }
for deb in "$apt_dir"/archives/*.deb; do
  marker="$apt_dir/unpacked-deb-$(basename "$deb")"
  [ -f "$marker" ] && continue
  dpkg-deb -x "$deb" "$root"
  touch "$marker"
done
for pkg in "${wanted[@]}"; do touch "$apt_dir/unpacked-$pkg"; done
