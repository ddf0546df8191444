# Shared by the benchmark scripts: sourced, not run.

# median: the median of the numbers on standard input (one per line), or nothing for none.
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
