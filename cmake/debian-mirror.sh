# Sourced by cmake/private-apt.sh, setup.sh, tests/real-linux/make-root.sh and tests/clean-room.sh.
# debian_mirror ARCHIVE: the URL of the host's Debian ARCHIVE (debian, debian-security) as its apt
# sources first name it, without a trailing slash; else deb.debian.org's.
debian_mirror() {
  local url
  url=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
        grep -oE "https?://[^ ]+/$1/?( |\$)" | head -n1 | tr -d ' ' || true)
  url=${url:-http://deb.debian.org/$1}
  echo "${url%/}"
}

# apt_packages_index_only: apt-get options (one per line, for mapfile) that make `apt-get update`
# fetch the Packages indexes alone. A host's apt.conf.d may ask for Contents (apt-file) or AppStream
# indexes as well, and a mirror caught in the middle of a sync serves those with a size its Release
# file does not give, which fails the whole update though no package needs them.
apt_packages_index_only() {
  local target
  for target in Contents-deb Contents-udeb Contents-deb-legacy DEP-11 DEP-11-icons DEP-11-icons-small \
                DEP-11-icons-large DEP-11-icons-hidpi DEP-11-icons-large-hidpi; do
    printf '%s\n' -o "Acquire::IndexTargets::deb::$target::DefaultEnabled=false"
  done
}
