#!/usr/bin/env bash
# polyrun's per-target entry points and binfmt_misc registrations:
#   entry-points.sh lines|names|register POLYRUN SAMPLES_DIR
# lines: `polyrun --binfmt` prints exactly binfmt.expected (the interpreter's path aside), and
# --credentials adds flag C. names: polyrun-TARGET runs its target's programs and refuses others
# with status 126. register: installs the registrations, runs foreign programs directly, removes
# them (status 77, a skip, where binfmt_misc is not mounted and writable: in most containers).
set -euo pipefail
what=$1 polyrun=$(realpath -s "$2") samples=$3
here=$(cd "$(dirname "$0")" && pwd)
real=$(realpath "$polyrun")
fail() { echo "entry-points.sh: $*"; exit 1; }
case "$what" in
  lines)
    diff <("$polyrun" --binfmt) <(sed "s|POLYRUN|$real|" "$here/binfmt.expected") || fail "--binfmt lines differ"
    diff <("$polyrun" --binfmt print --credentials) <(sed "s|POLYRUN|$real|; s|:FP\$|:FPC|" "$here/binfmt.expected") ||
      fail "--binfmt --credentials lines differ"
    ;;
  names)
    dir=$(dirname "$polyrun")
    out=$("$dir/polyrun-aarch64" "$samples/aarch64/exit_code" 2>&1) && fail "exit_code should end with 42" || st=$?
    [ "$st" = 42 ] || fail "polyrun-aarch64 exit_code: status $st"
    "$dir/polyrun-riscv64" "$samples/riscv64/hello" | grep -q "Hello" || fail "polyrun-riscv64 hello"
    "$dir/polyrun-win32" "$samples/win32/hello.exe" | grep -q "Hello from Windows" || fail "polyrun-win32 hello.exe"
    for pair in "arm aarch64/hello" "aarch64 arm/hello" "win64 win32/hello.exe" "win32 win64/hello.exe" \
                "i386 win32/hello.exe" "s390x i386/hello"; do
      set -- $pair
      st=0
      msg=$("$dir/polyrun-$1" "$samples/$2" 2>&1) || st=$?
      [ "$st" = 126 ] || fail "polyrun-$1 $2: status $st, not 126"
      echo "$msg" | grep -q "^polyrun: polyrun-$1 runs .* programs only; " || fail "polyrun-$1 $2: message '$msg'"
    done
    ;;
  register)
    reg=/proc/sys/fs/binfmt_misc/register
    if [ ! -w "$reg" ]; then
      echo "binfmt_misc is not mounted and writable here ($reg): registration not tested"
      exit 77
    fi
    trap '"$polyrun" --binfmt remove > /dev/null 2>&1 || true' EXIT
    "$polyrun" --binfmt install
    grep -q "^interpreter $real\$" /proc/sys/fs/binfmt_misc/polyrun-aarch64 || fail "aarch64 entry not registered"
    grep -q "^flags: PF\$\|^flags: FP\$" /proc/sys/fs/binfmt_misc/polyrun-aarch64 || fail "aarch64 entry's flags"
    tmp=$(mktemp -d)
    cp "$samples/aarch64/args_env" "$samples/s390x/hello" "$samples/win64/hello.exe" "$tmp/"
    chmod +x "$tmp"/*
    (cd "$tmp" && ./hello) | grep -q "Hello" || fail "s390x hello through binfmt_misc"
    (cd "$tmp" && ./hello.exe) | grep -q "Hello from Windows" || fail "hello.exe through binfmt_misc"
    # Flag P: the program sees the argv[0] it was started with.
    (cd "$tmp" && exec -a custom-name ./args_env one two) | grep -q "custom-name" || fail "argv[0] not preserved"
    rm -rf "$tmp"
    "$polyrun" --binfmt remove
    [ ! -e /proc/sys/fs/binfmt_misc/polyrun-aarch64 ] || fail "aarch64 entry not removed"
    # Another interpreter's entry for aarch64 programs (as qemu-user-static's): install leaves that
    # format to it, says so and fails, registering the others; --force registers polyrun ahead of
    # it (the kernel tries the newest entry first); remove leaves it in place.
    other=/proc/sys/fs/binfmt_misc/other-aarch64-test
    trap '"$polyrun" --binfmt remove > /dev/null 2>&1 || true; [ ! -e $other ] || echo -1 > $other' EXIT
    grep "polyrun-aarch64:" <("$polyrun" --binfmt) | sed 's/^:polyrun-aarch64:/:other-aarch64-test:/; s|:[^:]*:FP$|:/bin/false:|' > $reg
    [ -e $other ] || fail "the other interpreter's entry could not be registered"
    st=0
    msg=$("$polyrun" --binfmt install 2>&1 >/dev/null) || st=$?
    [ "$st" = 1 ] || fail "install over another interpreter's format: status $st, not 1"
    echo "$msg" | grep -q "polyrun-aarch64 not registered: other-aarch64-test (/bin/false)" || fail "install's refusal: '$msg'"
    [ ! -e /proc/sys/fs/binfmt_misc/polyrun-aarch64 ] || fail "polyrun-aarch64 registered over another interpreter's"
    [ -e /proc/sys/fs/binfmt_misc/polyrun-riscv64 ] || fail "the formats no one else has were not registered"
    "$polyrun" --binfmt install --force | grep -q "^registered polyrun-aarch64: .*ahead of other-aarch64-test" ||
      fail "install --force did not say it registered ahead of the other entry"
    tmp=$(mktemp -d)
    cp "$samples/aarch64/hello" "$tmp/"
    "$tmp/hello" | grep -q "Hello" || fail "aarch64 hello through polyrun's entry, ahead of the other"
    "$polyrun" --binfmt remove > /dev/null
    [ -e $other ] || fail "remove removed another interpreter's entry"
    st=0
    "$tmp/hello" > /dev/null 2>&1 || st=$?
    [ "$st" = 1 ] || fail "after remove, aarch64 programs should go to the other interpreter (/bin/false): status $st"
    rm -rf "$tmp"
    echo -1 > $other
    ;;
  *) fail "lines, names or register, not $what" ;;
esac
