#!/usr/bin/env bash
# Real programs from Debian's packages of other architectures — a JavaScript runtime (nodejs),
# perl with XS modules, sqlite3, jq — under polyrun and under qemu-user (qemu-<isa>), with the same
# guest root (tests/real-linux/make-root.sh assembles one per architecture from Debian's
# packages), alternating, several runs each; checks that both print the same, and prints median
# times, the ratio polyrun/qemu for each program and the geometric mean of the ratios.
#   bench/real.sh [--runs N] [--polyrun PATH] [--work DIR] [--cpu] [PROGRAM...]
#     PROGRAM  node_compute node_json node_workers node_streams perl_xs sqlite3_armhf
#              sqlite3_s390x jq_i386 (default: all)
# The workloads are bench/programs/real/*; the roots are kept under ~/.cache/polyrun (or
# $POLYRUN_CACHE) as <arch>-real.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 polyrun=build/polyrun work=build/bench-real metric=wall
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --polyrun) polyrun="$2"; shift ;;
    --work) work="$2"; shift ;;
    --cpu) metric=cpu ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) programs+=("$1") ;;
  esac
  shift
done
src=$PWD/bench/programs/real
# name: Debian architecture, qemu's name of the ISA, packages, command in the root, standard input.
declare -A arch isa pkgs cmd input
add() { arch[$1]=$2 isa[$1]=$3 pkgs[$1]=$4 cmd[$1]=$5 input[$1]=${6:-/dev/null}; }
add node_compute arm64 aarch64 nodejs "/usr/bin/node $src/node_compute.js"
add node_json arm64 aarch64 nodejs "/usr/bin/node $src/node_json.js" "$work/items.json"
add node_workers arm64 aarch64 nodejs "/usr/bin/node $src/node_workers.js"
add node_streams arm64 aarch64 nodejs "/usr/bin/node $src/node_streams.js"
add perl_xs arm64 aarch64 perl "/usr/bin/perl $src/perl_xs.pl"
add sqlite3_armhf armhf arm sqlite3 "/usr/bin/sqlite3 :memory:" "$src/sqlite.sql"
add sqlite3_s390x s390x s390x sqlite3 "/usr/bin/sqlite3 :memory:" "$src/sqlite.sql"
add jq_i386 i386 i386 jq "/usr/bin/jq -c [.items[]|select(.value>500)|.tags[0]]|group_by(.)|map([.[0],length])" "$work/items.json"
[ ${#programs[@]} -gt 0 ] || programs=(node_compute node_json node_workers node_streams perl_xs sqlite3_armhf sqlite3_s390x jq_i386)
[ -x "$polyrun" ] || { echo "bench: $polyrun not found: build it first (./setup.sh)" >&2; exit 1; }
for p in "${programs[@]}"; do
  [ -n "${arch[$p]:-}" ] || { echo "bench: unknown program $p" >&2; exit 2; }
done

mkdir -p "$work"
work=$(cd "$work" && pwd)
# The JSON document node_json and jq read: 40,000 items.
python3 - "$work/items.json" <<'PY'
import json, sys
items = [{"id": i, "value": (i * 7919) % 1000, "name": "item-%d" % i,
          "tags": ["t%d" % ((i * k) % 37) for k in range(1, 4)]} for i in range(40000)]
json.dump({"items": items}, open(sys.argv[1], "w"))
PY
cache=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}
declare -A root_of
for p in "${programs[@]}"; do
  a=${arch[$p]}
  [ -z "${root_of[$a]:-}" ] || continue
  want=()
  for q in "${programs[@]}"; do [ "${arch[$q]}" = "$a" ] && want+=(${pkgs[$q]}); done
  tests/real-linux/make-root.sh --arch "$a" "$cache/$a-real" "${want[@]}" > "$work/make-root-$a.log" 2>&1 ||
    { cat "$work/make-root-$a.log" >&2; echo "bench: cannot assemble the $a root" >&2; exit 1; }
  root_of[$a]=$cache/$a-real
done

source bench/common.sh
status=0 logsum=0 counted=0
printf '%-15s %10s %10s %14s\n' program "polyrun s" "qemu s" "polyrun/qemu"
for p in "${programs[@]}"; do
  root=${root_of[${arch[$p]}]} qemu=$(command -v "qemu-${isa[$p]}" || true)
  [ -n "$qemu" ] || { echo "bench: qemu-${isa[$p]} is not installed" >&2; exit 1; }
  read -r -a c <<< "${cmd[$p]}"
  tp=() tq=()
  for ((i = 0; i < runs; i++)); do
    tq+=("$(time_one "$work/$p.out.qemu" "$qemu" -L "$root" "$root${c[0]}" "${c[@]:1}" < "${input[$p]}")")
    tp+=("$(time_one "$work/$p.out.polyrun" "$polyrun" -L "$root" "$root${c[0]}" "${c[@]:1}" < "${input[$p]}")")
  done
  mp=$(printf '%s\n' "${tp[@]}" | median) mq=$(printf '%s\n' "${tq[@]}" | median)
  ratio=$(echo "$mp / $mq" | bc -l)
  note=""
  if ! cmp -s "$work/$p.out.polyrun" "$work/$p.out.qemu" || [ ! -s "$work/$p.out.qemu" ]; then
    note="  OUTPUT DIFFERS (or is empty): see $work/$p.out.*"
    status=1
  fi
  logsum=$(echo "$logsum + l($ratio)" | bc -l) counted=$((counted + 1))
  printf '%-15s %10s %10s %13.2fx%s\n' "$p" "$mp" "$mq" "$ratio" "$note"
done
printf '%-15s %10s %10s %13.2fx\n' "geometric mean" "" "" "$(echo "e($logsum / $counted)" | bc -l)"
echo "($metric time, median of $runs runs, qemu's run first in each pair)"
exit $status
