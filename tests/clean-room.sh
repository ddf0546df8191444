#!/usr/bin/env bash
# Proves the README's two commands on a machine that has nothing installed: a fresh Debian 12 root
# (mmdebstrap, amd64, variant apt: apt and its essentials, no compiler), made from the host's own
# Debian mirror, with polyrun's sources copied in (git archive), entered with chroot in a mount
# namespace of its own (/proc, /sys and /dev from the host), so nothing the host has installed can
# help a step that setup.sh did not ask for.
#
#   tests/clean-room.sh [--limit SECONDS] [--tests | --run-tests] [--tree] [--keep] [--dir DIR]
#
# By default the first command, as README.md's first sh block gives it (`./setup.sh --linux &&
# ./build/polyrun build/samples/aarch64/hello`), whose
# greeting is compared with the same sample under the host's qemu-aarch64 (the reference; where it
# is not installed, with samples/expected/hello.stdout, which came from it), and whose wall time must
# be within --limit (default 300 s: the README's promise of 5 minutes). Each step's time is printed.
#   --tests      then the test command's package list, in a second fresh root: `./setup.sh --all
#                --no-build` (every package the tests install, and the configure step, which finds
#                every cross compiler and tool the samples need), then every command the tests run
#                is looked for.
#   --run-tests  as --tests, then the whole `./run-tests.sh` in that root (about half an hour; the
#                binfmt_misc tests register formats in the host kernel, which the root shares).
#   --tree       copy the working tree with its uncommitted changes to tracked files (git stash
#                create) instead of HEAD.
#   --keep       leave the roots in DIR (default: a new directory under /var/tmp, removed at the end).
# Needs root and mmdebstrap (setup.sh --all installs it); under CI=true their absence fails the
# check, elsewhere it skips it (status 77).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

limit=300
tests=0
run_tests=0
tree=0
keep=0
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) limit="$2"; shift ;;
    --tests) tests=1 ;;
    --run-tests) tests=1 run_tests=1 ;;
    --tree) tree=1 ;;
    --keep) keep=1 ;;
    --dir) dir="$2"; shift ;;
    *) echo "clean-room: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "clean-room: $*" >&2; }
skip_or_fail() {
  say "$1"
  [ "${CI:-}" = true ] && exit 1
  exit 77
}
[ "$(id -u)" = 0 ] || skip_or_fail "needs root (mmdebstrap --mode=root, chroot)"
command -v mmdebstrap >/dev/null || skip_or_fail "mmdebstrap is missing (setup.sh --all installs it)"
command -v unshare >/dev/null || skip_or_fail "unshare is missing (util-linux)"

# The host's Debian mirror and security archive (the first its sources name), else Debian's own.
. cmake/debian-mirror.sh
mirror=$(debian_mirror debian)
security=$(debian_mirror debian-security)

if [ -z "$dir" ]; then dir=$(mktemp -d /var/tmp/polyrun-clean-room.XXXXXX); else mkdir -p "$dir"; fi
dir=$(realpath "$dir")
# A root is removed only when nothing is mounted under it (the chroots' mounts live in namespaces
# that end with them; this makes sure), and never across a file system boundary.
remove_root() {
  if findmnt -rn -o TARGET | grep -q "^$1\(/\|\$\)"; then
    say "something is still mounted under $1: left in place"
    return 0
  fi
  rm -rf --one-file-system "$1"
}
cleanup() {
  [ "$keep" = 1 ] && { say "roots kept in $dir"; return 0; }
  for r in "$dir"/root-*; do [ -d "$r" ] && remove_root "$r"; done
  rmdir "$dir" 2>/dev/null || true
}
trap cleanup EXIT

report=()
record() {  # record LABEL SECONDS [NOTE]: a line of the report
  report+=("$(printf '%-50s %4d s  (%dm%02ds%s)' "$1" "$2" $(($2 / 60)) $(($2 % 60)) "${3:+; $3}")")
}
timed() {  # timed LABEL COMMAND...: runs it, records its wall time
  local label=$1 start=$SECONDS
  shift
  "$@"
  record "$label" $((SECONDS - start))
}
print_report() {
  echo "clean-room: times"
  printf '  %s\n' "${report[@]}"
}

# A fresh Debian 12 root with polyrun's sources in /root/polyrun.
make_root() {
  local root=$1
  mmdebstrap --quiet --mode=root --variant=apt --arch=amd64 bookworm "$root" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main"
}
copy_sources() {
  local root=$1 rev=HEAD
  mkdir -p "$root/root/polyrun"
  if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    if [ "$tree" = 1 ]; then rev=$(git -C "$src" stash create); rev=${rev:-HEAD}; fi
    git -C "$src" archive "$rev" | tar -x -C "$root/root/polyrun"
  else
    # (A copy of the sources that is no git checkout: its files but what builds and set-up make.)
    tar -C "$src" --exclude='./build*' --exclude=./.deps --exclude=./.cache -c . | tar -x -C "$root/root/polyrun"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  # (The host's names too: the gdb tests reach their target at "localhost".)
  cp /etc/hosts "$root/etc/hosts" 2>/dev/null || true
}
# Runs a shell command in the root as a fresh login would: root, an empty environment but for the
# locale, PATH and HOME, in /root/polyrun, in a mount namespace of its own.
in_root() {
  local root=$1
  shift
  unshare --mount --propagation private -- bash -c '
    set -e
    r=$1; shift
    mount -t proc proc "$r/proc"
    mount --rbind /sys "$r/sys"
    mount --rbind /dev "$r/dev"
    mount -t tmpfs tmpfs "$r/tmp"
    exec chroot "$r" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      /bin/bash -c "cd /root/polyrun && $*"' in_root "$root" "$@"
}

total_start=$SECONDS

# The README's first command, from its first sh block: set-up, then the sample.
first_command=$(awk '/^```sh/ { getline; print; exit }' README.md)
if ! [[ "$first_command" =~ ^(\./setup\.sh( --[a-z-]+)*)\ \&\&\ \./build/polyrun\ build/samples/aarch64/hello$ ]]; then
  say "README.md's first command is not \`./setup.sh [OPTIONS] && ./build/polyrun build/samples/aarch64/hello\`: $first_command"
  exit 1
fi
setup_command=${BASH_REMATCH[1]}

# 1. The README's first command.
root1="$dir/root-first"
timed "fresh Debian 12 root (mmdebstrap)" make_root "$root1"
timed "sources copied in" copy_sources "$root1"
first_start=$SECONDS
timed "$setup_command (packages, engine, polyrun, sample)" in_root "$root1" "set -o pipefail; $setup_command 2>&1 | tee /root/setup.log"
sed -n 's/^setup.sh: built .*(\(.*\))$/  setup.sh steps: \1/p' "$root1/root/setup.log" | tail -n1
timed "./build/polyrun build/samples/aarch64/hello" in_root "$root1" './build/polyrun build/samples/aarch64/hello > /root/hello.out; echo $? > /root/hello.status'
first=$((SECONDS - first_start))

hello="$root1/root/polyrun/build/samples/aarch64/hello"
if command -v qemu-aarch64 >/dev/null; then
  expected=$(qemu-aarch64 "$hello"; echo "exit $?")
  reference="qemu-aarch64 on the host"
else
  expected=$(cat "$src/samples/expected/hello.stdout"; echo "exit 0")
  reference="samples/expected/hello.stdout (qemu-aarch64's output)"
fi
got=$(cat "$root1/root/hello.out"; echo "exit $(cat "$root1/root/hello.status")")
if [ "$got" != "$expected" ]; then
  say "the sample's output differs from $reference:"
  diff <(echo "$expected") <(echo "$got") >&2 || true
  print_report
  exit 1
fi
echo "clean-room: the first command printed what $reference prints: $(head -n1 "$root1/root/hello.out")"
record "the README's first command, in all" "$first" "limit $limit s"
[ "$keep" = 1 ] || { remove_root "$root1"; }

# 2. The test command's packages, in a second fresh root.
if [ "$tests" = 1 ]; then
  root2="$dir/root-tests"
  timed "fresh Debian 12 root (mmdebstrap)" make_root "$root2"
  timed "sources copied in" copy_sources "$root2"
  timed "./setup.sh --all --no-build (install, configure)" in_root "$root2" './setup.sh --all --no-build > /root/setup-all.log 2>&1 || { tail -n 30 /root/setup-all.log; exit 1; }'
  # What configure passed over for want of a tool (samples/CMakeLists.txt's "… is skipped" and
  # the kernel ABI's "… take the host compiler's sizes"), and the commands the tests run that no
  # configure step looks for.
  missing=$(grep -E "(are|is) skipped|host compiler's sizes" "$root2/root/setup-all.log" || true)
  tools="qemu-aarch64 qemu-riscv64 qemu-arm qemu-i386 qemu-s390x /usr/lib/wine/wine64 /usr/lib/wine/wineserver64
         Xvfb xdotool xwd xclip makensis gdb-multiarch meson ninja mmdebstrap arch-test systemd-nspawn pulseaudio
         openssl curl rustc x86_64-w64-mingw32-g++ i686-w64-mingw32-g++ clang lld-link llvm-dlltool file bc"
  for t in $tools; do
    in_root "$root2" "command -v $t >/dev/null" || missing+=$'\n'"$t: not installed by setup.sh --all"
  done
  if [ -n "$missing" ]; then
    say "the test command's set-up lacks:"
    echo "$missing" >&2
    print_report
    exit 1
  fi
  echo "clean-room: setup.sh --all installed and configured everything the tests use"
  if [ "$run_tests" = 1 ]; then
    timed "./run-tests.sh" in_root "$root2" 'CI=true ./run-tests.sh --no-install'
  fi
fi

record "clean-room check, in all" $((SECONDS - total_start))
print_report
if [ "$first" -gt "$limit" ]; then
  say "the README's first command took $first s, over the limit of $limit s"
  exit 1
fi
