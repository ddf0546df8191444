#!/usr/bin/env bash
# A session with fastlist 0.3.0 (a C++ program built with MSVC on its static runtime, x64 and x86;
# the npm package ps-list 8.1.1 uses it to list processes on Windows): it prints "pid<TAB>ppid<TAB>
# name" for every process, CRLF-terminated. The processes are the host's, so the transcript
# records facts that hold on any machine: the exit status, the line format, and that the list
# holds the program itself with its own process id, its parent's and its own name.
#   fastlist-session.sh ISA RUNNER...   ISA: x64 or x86
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
pkg=$("$here/fetch-npm.sh" ps-list 8.1.1 38f4bd90425856688ee3cbbf07daa77aa86432f802c53f939b6f1508426985e4e997c709d1f7d94513604b99ab4114eb5f9c914e9689fa144379e7d76269a8ad) || exit $?
exe=$pkg/vendor/fastlist-0.3.0-$isa.exe
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# The program runs as this subshell's process (exec), so its process id and parent are known.
bash -c 'echo "$$ $PPID" > "$0.ids"; exec "$@"' "$out" "$@" "$exe" > "$out"
status=$?
read -r pid ppid < "$out.ids"
rm -f "$out.ids"
echo "\$ fastlist-0.3.0-$isa.exe"
echo "[exit $status]"
lines=$(grep -c $'\r$' "$out")
echo "CRLF lines: $([ "$lines" -ge 2 ] && [ "$lines" = "$(wc -l < "$out")" ] && echo "all, more than one" || echo "no ($lines of $(wc -l < "$out"))")"
echo "pid<TAB>ppid<TAB>name on every line: $(grep -qvP '^\d+\t\d+\t[^\t]+\r$' "$out" && echo no || echo yes)"
self=$(grep -aP "^$pid\t" "$out" | tr -d '\r')
echo "itself listed as pid, parent, name: $([ "$self" = "$pid"$'\t'"$ppid"$'\t'"fastlist-0.3.0-$isa.exe" ] && echo yes || echo "no: '$self'")"
