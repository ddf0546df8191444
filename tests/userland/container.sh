#!/usr/bin/env bash
# A root filesystem of another architecture (as rootfs.sh --keep DIR builds it) run as a
# container, every program in it started through binfmt_misc and polyrun (registered for the run,
# --force; removed at the end): `podman import` of the root, then `podman run --arch ARCH`; where
# podman cannot start containers on this machine (its OCI runtime refused: in a container without
# CAP_SYS_RESOURCE, crun cannot set the container's rlimits), systemd-nspawn on the same root,
# and which one ran is said.
#   container.sh POLYRUN ROOT DEBIAN-ARCH
# The expected lines are what the commands print on Debian itself for that architecture.
set -euo pipefail
polyrun=$(realpath "$1") root=$2 arch=$3
fail() { echo "container.sh ($arch): $*" >&2; exit 1; }
. "$(dirname "$0")/binfmt-ready.sh" container.sh
[ -x "$root/usr/bin/dpkg" ] || fail "$root is not a Debian root (rootfs.sh --keep DIR makes one)"
image=localhost/polyrun-test/$arch:latest
trap '"$polyrun" --binfmt remove > /dev/null 2>&1 || true; command -v podman > /dev/null && podman rmi -f "$image" > /dev/null 2>&1 || true' EXIT
"$polyrun" --binfmt install --force > /dev/null

want=$(printf '%s\n42' "$arch")
script='dpkg --print-architecture; perl -e "print 6*7"'
ran=""
if command -v podman > /dev/null; then
  tar -C "$root" -c . | podman import --arch "$arch" - "$image" > /dev/null
  if got=$(podman run --rm --arch "$arch" --network none "$image" sh -c "$script" 2>&1); then
    ran=podman
  else
    echo "container.sh: podman cannot run containers here: $got" >&2
  fi
fi
if [ -z "$ran" ]; then
  command -v systemd-nspawn > /dev/null || fail "neither podman nor systemd-nspawn can run containers here"
  # No systemd on the machine (CI, a container): not registered with machined, in this unit.
  got=$(systemd-nspawn -q --register=no --keep-unit -D "$root" --pipe sh -c "$script" 2>/dev/null) ||
    fail "systemd-nspawn: status $?"
  ran=systemd-nspawn
fi
[ "$got" = "$want" ] || fail "$ran: got '$got', want '$want'"
echo "container.sh: $arch root through $ran: $(echo "$got" | tr '\n' ' ')"
