#!/usr/bin/env bash
# A foreign userland entered with chroot, every program in it started by the kernel through
# binfmt_misc and polyrun, none of the host's files inside: a small arm64 root assembled from
# Debian's arm64 busybox and libc6 (real-linux/make-root.sh), with a static riscv64 program, a
# Windows program and a shell script beside them.
#   chroot.sh POLYRUN SAMPLES_ROOT
# What each command prints is what Linux and the programs themselves give for it (POSIX and
# busybox's documented behaviour: `echo hi | tr` upper-cases, `readlink /proc/self/exe` names
# the program that runs, a `#!` script runs under its interpreter); the samples' lines are their
# own output under qemu and wine (samples/expected). Registers polyrun's binfmt_misc entries
# (ahead of any other interpreter's, --force) and removes polyrun's entries when it ends, however
# it ends. Status 77 (a skip) where binfmt_misc cannot be mounted or written: not root, or a
# container.
set -euo pipefail
polyrun=$(realpath "$1") samples=$2
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "chroot.sh: $*" >&2; exit 1; }
. "$here/binfmt-ready.sh" chroot.sh

cache=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}
root=$cache/arm64-chroot
st=0
"$here/../real-linux/make-root.sh" --arch arm64 "$root" busybox || st=$?
if [ $st = 77 ] && [ "${CI:-}" = true ]; then fail "the Debian mirror could not be reached (CI: not skipped)"; fi
[ $st = 0 ] || exit $st
[ -x "$root/bin/busybox" ] || fail "busybox missing from $root"
[ -e "$root/bin/sh" ] || ln -s busybox "$root/bin/sh"
mkdir -p "$root/proc" "$root/tmp"

work=$root/tmp/chroot-test
trap '"$polyrun" --binfmt remove > /dev/null 2>&1 || true; rm -rf "$work"' EXIT
rm -rf "$work"
mkdir -p "$work"
cp "$samples/riscv64/hello" "$work/hello-riscv64"
cp "$samples/aarch64/args_env" "$work/args_env"
cp "$samples/win64/hello.exe" "$work/hello.exe"
printf '#!/bin/sh\necho "script $0 ran with $#: $*"\n' > "$work/script"
chmod 755 "$work"/*
# No host library, no polyrun inside the root: only Debian's arm64 files and the test's.
[ ! -e "$root$polyrun" ] || fail "polyrun is inside the root"

"$polyrun" --binfmt install --force > /dev/null || fail "--binfmt install failed"

# chroot [--userspec=U:G] ROOT COMMAND… in a mount namespace of its own, with /proc mounted inside
# the root (it goes away with the namespace).
run_in_root() {
  local as=()
  case $1 in --userspec=*) as=("$1"); shift ;; esac
  unshare --mount -- sh -c 'root=$1; shift; mount -t proc proc "$root/proc" && exec chroot "$@"' sh "$root" "${as[@]}" "$root" "$@"
}

expect() {  # expect NAME EXPECTED COMMAND...
  local name=$1 want=$2 got
  shift 2
  got=$("$@" 2>&1) || fail "$name: status $? (output: $got)"
  [ "$got" = "$want" ] || fail "$name: got '$got', want '$want'"
  echo "ok: $name"
}

expect "foreign shell, pipeline of foreign children" "HI" \
  run_in_root /bin/sh -c 'echo hi | /bin/busybox tr a-z A-Z'
expect "/proc/self/exe names the program" "/bin/busybox" \
  run_in_root /bin/busybox readlink /proc/self/exe
expect "a #! script through its interpreter" "script /tmp/chroot-test/script ran with 2: a b" \
  run_in_root /bin/sh -c '/tmp/chroot-test/script a b'
expect "another ISA's program, started by a foreign shell" "Hello from riscv64!" \
  run_in_root /bin/sh -c '/tmp/chroot-test/hello-riscv64 | /bin/busybox head -n1'
expect "a Windows program, started by a foreign shell" "Hello from Windows!" \
  run_in_root /bin/sh -c '/tmp/chroot-test/hello.exe | /bin/busybox head -n1 | /bin/busybox tr -d "\\r"'
expect "argv[0] as the shell gave it (flag P)" "argv[0]=custom" \
  run_in_root /bin/sh -c 'exec -a custom /tmp/chroot-test/args_env | /bin/busybox grep "^argv\[0\]"'
# Without /proc inside the root: foreign children still start (the kernel's registration opens
# polyrun: flag F).
expect "no /proc in the root" "HI" \
  chroot "$root" /bin/sh -c 'echo hi | /bin/busybox tr a-z A-Z'

# A guest that chroots itself, polyrun started by its path (not through binfmt_misc): the
# programs it executes in the new root are polyrun's again (through /proc/self/exe, not the
# path, which the root does not have).
"$polyrun" --binfmt remove > /dev/null
expect "a guest's own chroot, then foreign children" "HI" \
  unshare --mount -- sh -c 'mount -t proc proc "$1/proc" && exec "$2" -L "$1" "$1/bin/busybox" chroot "$1" /bin/sh -c "echo hi | /bin/busybox tr a-z A-Z"' \
  sh "$root" "$polyrun"

# Flag C (and with it O): the kernel opens the program and polyrun runs it from that descriptor,
# so a program its user may execute but not read runs (as natively); without it, polyrun cannot
# read the file.
chmod 711 "$work/args_env"
"$polyrun" --binfmt install --force --credentials > /dev/null
grep -q "^flags: POCF$" $bm/polyrun-aarch64 || fail "polyrun-aarch64 with --credentials: $(grep flags $bm/polyrun-aarch64)"
expect "an execute-only program (flag C)" "argv[0]=args_env" \
  run_in_root --userspec=65534:65534 /bin/sh -c '/tmp/chroot-test/args_env | /bin/busybox grep "^argv\[0\]"'
"$polyrun" --binfmt install --force > /dev/null
if out=$(run_in_root --userspec=65534:65534 /tmp/chroot-test/args_env 2>&1); then
  fail "an execute-only program ran without flag C (the check above tests nothing): $out"
fi
echo "ok: without flag C it cannot be read ($out)"
