# Sourced by cmake/fetch-unicorn.sh and tests/cpu-features/fetch-qemu.sh: Debian packages of
# another suite, downloaded through an apt state of polyrun's own (lists, cache and status under
# the directory given; the host's sources, preferences and status are never touched).
#   private_apt_download DIR SUITE PACKAGE VERSION SHA256
# leaves the .deb at DIR/archives and prints its path; 1 (with one line on stderr) when the lists
# cannot be read, the package not downloaded or its sha256 is not the pinned one.
. "$(dirname "${BASH_SOURCE[0]}")/debian-mirror.sh"

private_apt_download() {
  local dir=$1 suite=$2 package=$3 version=$4 sha256=$5
  local mirror
  mirror=$(debian_mirror debian)
  mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/etc"
  echo "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
    > "$dir/etc/sources.list.$suite"
  [ -f "$dir/status" ] || : > "$dir/status"
  # A testing suite's Release file may be past its Valid-Until on a mirror snapshot: the pinned
  # sha256 is what vouches for the package.
  local opts=(-o APT::Architecture=amd64 -o APT::Architectures=amd64
              -o Dir::State="$dir" -o Dir::State::Lists="$dir/lists" -o Dir::State::status="$dir/status"
              -o Dir::Cache="$dir" -o Dir::Cache::archives="$dir/archives"
              -o Dir::Etc::SourceList="$dir/etc/sources.list.$suite" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
              -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o Acquire::Check-Valid-Until=false)
  local index_only
  mapfile -t index_only < <(apt_packages_index_only)
  opts+=("${index_only[@]}")
  local deb=$dir/archives/${package}_${version/:/%3a}_amd64.deb
  if [ ! -f "$deb" ] || ! echo "$sha256  $deb" | sha256sum -c --status; then
    rm -f "$deb"
    if ! apt-get "${opts[@]}" update -qq >/dev/null 2>&1; then
      echo "cannot read the package lists of Debian $suite from $mirror" >&2
      return 1
    fi
    if ! (cd "$dir/archives" && apt-get "${opts[@]}" download -qq "$package=$version" >/dev/null 2>&1); then
      echo "cannot download $package $version from Debian $suite ($mirror)" >&2
      return 1
    fi
  fi
  if ! echo "$sha256  $deb" | sha256sum -c --status; then
    echo "$(basename "$deb") does not have the expected sha256 $sha256" >&2
    return 1
  fi
  echo "$deb"
}
