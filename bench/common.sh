# Shared by the benchmark scripts: sourced, not run.

# median: the median of the numbers on standard input (one per line), or nothing for none.
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# time_one OUTFILE CMD... : the time of one run of CMD in seconds, wall time or, with metric=cpu,
# user+sys; its output goes to OUTFILE, its standard input is the caller's (time_one … < FILE).
time_one() {
  local out="$1"; shift
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >"$out" 2>/dev/null; } 2>&1 )
  if [ "${metric:-wall}" = cpu ]; then
    awk '{ printf "%.3f\n", $2 + $3 }' <<<"$t"
  else
    awk '{ printf "%.3f\n", $1 }' <<<"$t"
  fi
}
