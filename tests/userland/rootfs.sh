#!/usr/bin/env bash
# A Debian root filesystem of another architecture built by mmdebstrap with polyrun as the only
# runner of foreign code (registered with binfmt_misc for the run: `polyrun --binfmt install
# --force`, removed at the end however it ends), then used: dpkg, its maintainer scripts, perl,
# apt installing a package with maintainer scripts from the Debian mirror, a shell with pipes and
# job control, (--gcc) the root's own C compiler, and (--container) the root run as a container
# (container.sh: podman, else systemd-nspawn).
#   rootfs.sh [--gcc] [--container] [--keep DIR] [--runner qemu] POLYRUN DEBIAN-ARCH SUITE
# --runner qemu: the same with Debian's qemu-user-static registered instead of polyrun (for the
# comparison in bench/rootfs.sh; polyrun's entries are removed for that run).
# Prints one line per step with its wall time. What each check expects is what the commands
# print on Debian itself: `dpkg --print-architecture` the root's architecture, perl's and
# python's arithmetic, the shell's own output. Status 77 (a skip) where binfmt_misc cannot be
# used (not root, a container); under CI=true a missing mmdebstrap or an unreachable mirror fails.
set -euo pipefail
gcc=0 container=0 keep="" runner=polyrun
while [ $# -gt 0 ]; do
  case $1 in
    --gcc) gcc=1; shift ;;
    --container) container=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    --runner) runner=$2; shift 2 ;;
    *) break ;;
  esac
done
polyrun=$(realpath "$1") arch=$2 suite=$3
fail() { echo "rootfs.sh ($arch $suite, $runner): $*" >&2; exit 1; }
skip() {
  if [ "${CI:-}" = true ]; then fail "$* (CI: not skipped)"; fi
  echo "rootfs.sh: $*: not tested" >&2
  exit 77
}
[ "$(id -u)" = 0 ] || skip "not root: mmdebstrap --mode=root and binfmt_misc need root"
. "$(dirname "$0")/binfmt-ready.sh" rootfs.sh
command -v mmdebstrap > /dev/null || skip "mmdebstrap is not installed (setup.sh --all installs it)"

dir=${keep:-$(mktemp -d /var/tmp/polyrun-rootfs-$arch.XXXXXX)}
qemu_entries=()
cleanup() {
  "$polyrun" --binfmt remove > /dev/null 2>&1 || true
  for e in "${qemu_entries[@]}"; do [ ! -e "$bm/$e" ] || echo -1 > "$bm/$e"; done
  [ -n "$keep" ] || rm -rf "$dir"
  rm -rf "$dir.qemu"
}
trap cleanup EXIT

case $runner in
  polyrun) "$polyrun" --binfmt install --force > /dev/null ;;
  qemu)
    "$polyrun" --binfmt remove > /dev/null
    isa=$(case $arch in arm64) echo aarch64 ;; armhf) echo arm ;; *) echo "$arch" ;; esac)
    conf=/usr/lib/binfmt.d/qemu-$isa.conf
    if [ ! -f "$conf" ] && [ "$isa" = i386 ] && [ -x /usr/bin/qemu-i386-static ]; then
      # Debian's package registers no i386 on an amd64 host, which runs i386 natively where the
      # kernel has IA-32 emulation: the same entry as qemu's others, from polyrun's own magic, with
      # qemu's preserve-argv0 link (qemu-<isa>-static run as <isa>-binfmt-P takes argv[0] as given).
      mkdir -p "$dir.qemu"
      ln -sf /usr/bin/qemu-i386-static "$dir.qemu/i386-binfmt-P"
      conf=$dir.qemu/qemu-i386.conf
      "$polyrun" --binfmt print | sed -n "s|^:polyrun-i386:\(.*\):[^:]*:[^:]*\$|:qemu-i386:\1:$dir.qemu/i386-binfmt-P:OPF|p" > "$conf"
    fi
    [ -s "$conf" ] || skip "qemu-user-static is not installed ($conf)"
    name=$(sed -n 's/^:\([^:]*\):.*/\1/p' "$conf")
    [ ! -e "$bm/$name" ] || echo -1 > "$bm/$name"
    grep -v '^#' "$conf" > $bm/register
    qemu_entries+=("$name") ;;
  *) fail "--runner polyrun or qemu, not $runner" ;;
esac

step() {  # step NAME COMMAND...: runs it, prints its wall time
  local name=$1 t0 t1
  shift
  t0=$(date +%s.%N)
  "$@" || fail "$name: status $?"
  t1=$(date +%s.%N)
  printf '%-28s %7.1f s\n' "$name" "$(echo "$t1 - $t0" | bc)"
}
expect() {  # expect NAME EXPECTED COMMAND...
  local name=$1 want=$2 got
  shift 2
  got=$("$@" 2>&1) || fail "$name: status $? (output: $got)"
  [ "$got" = "$want" ] || fail "$name: got '$got', want '$want'"
}
in_root() { chroot "$dir" "$@"; }
quiet() { "$@" > "$dir.log" 2>&1 || { tail -30 "$dir.log" >&2; return 1; }; }

rm -rf "$dir.log"
if [ -z "$keep" ] || [ ! -x "$dir/usr/bin/dpkg" ]; then
  # The release's main archive only: the security and updates archives mmdebstrap adds by default
  # are synced at other times, and an index caught mid-sync fails the whole build. SUITE may list
  # releases to try in turn (trixie,forky) where the mirror serves an index its Release file does
  # not describe.
  IFS=, read -r -a suites <<< "$suite"
  for s in "${suites[@]}"; do
    suite=$s
    ok=0
    t0=$(date +%s.%N)
    # (The mirror machines here reach may serve a release whose Release file has passed its
    # Valid-Until date: a snapshot, not an attack.)
    if quiet mmdebstrap --mode=root --arch="$arch" --variant=minbase --aptopt='Acquire::Check-Valid-Until "false"' \
         "$s" "$dir" "deb http://deb.debian.org/debian $s main" 2>/dev/null; then
      printf '%-28s %7.1f s\n' "mmdebstrap" "$(echo "$(date +%s.%N) - $t0" | bc)"
      echo "release $s"
      ok=1
      break
    fi
    grep -q "Mirror sync in progress" "$dir.log" || fail "mmdebstrap failed (not an index caught mid-sync)"
    echo "rootfs.sh: the mirror's $s index for $arch is being synced: the next release" >&2
    rm -rf "$dir"
  done
  [ $ok = 1 ] || fail "mmdebstrap: no release's index could be read (${suites[*]})"
fi
expect "architecture and perl" "$(printf '%s\n42' "$arch")" in_root sh -c 'dpkg --print-architecture; perl -e "print 6*7"'
step "dpkg --configure -a" quiet in_root dpkg --configure -a
step "apt-get update" quiet in_root apt-get update
step "apt-get install python3" quiet in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-minimal
expect "python3" "42 $arch" in_root python3 -c 'import subprocess; print(6*7, subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip())'
expect "dpkg -l" "ii  python3-minimal" in_root sh -c 'dpkg -l python3-minimal | grep "^ii" | cut -c1-19'
# A shell session with job control: a background job, the jobs list, a pipeline, wait (what
# Debian 12's amd64 bash prints for the same, its job notices on stderr left out and the jobs
# list's blank columns squeezed: later bash releases pad them differently).
expect "shell session" "$(printf 'started\n[1]+ Running sleep 0.3 &\n3\nwaited 0\ndone')" \
  in_root bash -c 'exec 2>/dev/null; set -m; sleep 0.3 & echo started; jobs > /tmp/jobs; tr -s " " < /tmp/jobs; rm /tmp/jobs; printf "a\nb\nc\n" | sort -r | wc -l; wait %1; echo "waited $?"; echo done'
if [ $gcc = 1 ]; then
  step "apt-get install gcc" quiet in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y gcc libc6-dev
  printf '#include <stdio.h>\nint main(void) { printf("%%d\\n", 6 * 7); return 0; }\n' > "$dir/tmp/six.c"
  step "gcc six.c" quiet in_root gcc -O2 -o /tmp/six /tmp/six.c
  expect "the compiled program" "42" in_root /tmp/six
fi
if [ $container = 1 ]; then
  "$(dirname "$0")/container.sh" "$polyrun" "$dir" "$arch" || fail "as a container: status $?"
fi
echo "rootfs.sh: $arch $suite through $runner: every check passed"
