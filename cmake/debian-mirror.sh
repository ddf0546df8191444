# Sourced by cmake/fetch-unicorn.sh and tests/clean-room.sh.
# debian_mirror ARCHIVE: the URL of the host's Debian ARCHIVE (debian, debian-security) as its apt
# sources first name it, without a trailing slash; else deb.debian.org's.
debian_mirror() {
  local url
  url=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
        grep -oE "https?://[^ ]+/$1/?( |\$)" | head -n1 | tr -d ' ' || true)
  url=${url:-http://deb.debian.org/$1}
  echo "${url%/}"
}
