#!/usr/bin/env bash
# Builds and uses a Debian root filesystem of another architecture (tests/userland/rootfs.sh:
# mmdebstrap --variant=minbase, dpkg --configure -a, apt-get update, apt-get install python3)
# through polyrun and through Debian 12's qemu-user-static, each registered with binfmt_misc only
# for its own runs (removed after), alternating, and prints each step's wall time and the ratio.
#   bench/rootfs.sh [--rounds N] [--polyrun PATH] [ARCH SUITE]   (default: arm64 bookworm, 1 round)
# Needs root and binfmt_misc; installs qemu-user-static (whose package registers nothing inside a
# container, and whose files in /usr/lib/binfmt.d systemd-binfmt would register at boot).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=1 polyrun=build/polyrun
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --polyrun) polyrun=$2; shift 2 ;;
    *) break ;;
  esac
done
arch=${1:-arm64} suite=${2:-bookworm}
if ! dpkg-query -W -f='${Status}' qemu-user-static 2> /dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-user-static > /dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for runner in qemu polyrun; do
    echo "round $round: $runner" >&2
    tests/userland/rootfs.sh --runner "$runner" "$polyrun" "$arch" "$suite" > "$out/$runner.$round" 2>&1 ||
      { cat "$out/$runner.$round" >&2; exit 1; }
  done
done
source bench/common.sh
printf '%-26s %10s %10s %14s\n' "step ($arch $suite)" "polyrun s" "qemu s" "polyrun/qemu"
for step in mmdebstrap "dpkg --configure -a" "apt-get update" "apt-get install python3"; do
  p=$(cat "$out"/polyrun.* | sed -n "s/^$step  *\([0-9.]*\) s$/\1/p" | median)
  q=$(cat "$out"/qemu.* | sed -n "s/^$step  *\([0-9.]*\) s$/\1/p" | median)
  printf '%-26s %10s %10s %13.2fx\n' "$step" "$p" "$q" "$(echo "$p / $q" | bc -l)"
done
echo "(wall time, median of $rounds round(s), qemu-user-static's run first in each)"
