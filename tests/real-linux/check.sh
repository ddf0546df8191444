#!/usr/bin/env bash
# CTest entry: runs one session of real Debian programs of one ISA (sessions/NAME.sh) under polyrun
# and under its reference, and compares the transcripts byte for byte. A session names, in comment
# lines at its top, the packages it needs (`# packages:`) and its reference (`# reference:`):
#   qemu            qemu-<isa> -L ROOT on the same root of that ISA (make-root.sh), or
#   native PACKAGE… the same Debian programs built for the host (amd64), unpacked into a root of
#                   their own and run directly: for sessions whose children qemu-aarch64 does
#                   not start as Linux would (its execve ignores -L, so a guest's /bin/cat is the
#                   host's, and it cannot execute an aarch64 program without binfmt_misc).
# The ISA is aarch64 (Debian's arm64, from the host's release) unless POLYRUN_ISA names another:
# riscv64 (Debian's riscv64, from trixie: Debian 12 has no riscv64; forky where the mirror's
# trixie index cannot be read), arm (Debian's armhf), i386 (Debian's i386) or s390x (Debian's
# s390x), from the host's release.
#   check.sh POLYRUN NAME
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
polyrun=$(realpath "$1")
name=$2
session=$here/sessions/$name.sh
[ -f "$session" ] || { echo "check: no session $session" >&2; exit 2; }
cache=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}
isa=${POLYRUN_ISA:-aarch64}
case $isa in
  aarch64) debarch=arm64 suites=() ;;
  riscv64) debarch=riscv64 suites=(--suite trixie,forky) ;;
  arm) debarch=armhf suites=() ;;
  s390x) debarch=s390x suites=() ;;
  i386) debarch=i386 suites=() ;;
  *) echo "check: no Debian root for ISA $isa" >&2; exit 2 ;;
esac
root=$cache/$debarch-root
read -r -a packages <<< "$(sed -n 's/^# packages: //p' "$session")"
read -r -a reference <<< "$(sed -n 's/^# reference: //p' "$session")"
# A session may name another reference for one ISA (`# reference-ISA:`), where that ISA's qemu
# cannot run one of its programs.
override=$(sed -n "s/^# reference-$isa: //p" "$session")
[ -z "$override" ] || read -r -a reference <<< "$override"
"$here/make-root.sh" --arch "$debarch" "${suites[@]}" "$root" "${packages[@]}" || exit $?
case ${reference[0]:-} in
  qemu)
    command -v qemu-$isa >/dev/null || { echo "check: qemu-$isa is not installed (setup.sh installs it)" >&2; exit 1; }
    ref_name="qemu-$isa -L ROOT"
    ref_root=$root
    ref_runner=(qemu-$isa -L "$root") ;;
  native)
    ref_name="the native amd64 build of ${reference[*]:1}"
    # From the release the guest's root came from: the same versions of the programs.
    suite=$(cat "$root/.apt/suite" 2>/dev/null || true)
    ref_root=$cache/amd64-root${suite:+-$suite}
    ref_runner=()
    "$here/make-root.sh" --arch amd64 ${suite:+--suite "$suite"} "$ref_root" "${reference[@]:1}" || exit $? ;;
  *) echo "check: $session names no reference" >&2; exit 2 ;;
esac
mine=$(mktemp) theirs=$(mktemp)
trap 'rm -f "$mine" "$theirs"' EXIT
"$here/session.sh" "$name" "$root" "$polyrun" -L "$root" > "$mine" &&
  "$here/session.sh" "$name" "$ref_root" "${ref_runner[@]}" > "$theirs" ||
  { echo "check: session $name could not run" >&2; exit 1; }
if ! diff -u --text "$theirs" "$mine"; then
  echo "check: polyrun's transcript (+) differs from that of $ref_name (-)" >&2
  exit 1
fi
echo "$name (Debian $debarch): $(grep -c '^\[exit' "$mine") commands, same transcript as $ref_name"
