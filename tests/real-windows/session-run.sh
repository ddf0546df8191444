# Sourced by the session scripts: `run ARGS...` runs "${runner[@]}" "${program[@]}" ARGS (stdin
# from $stdin, else /dev/null) in the current directory and prints the command as
# "$ $label ARGS", its stdout, "--- stderr", its stderr and "[exit N]" (stdout and stderr apart).
run() {
  printf '$ %s %s\n' "$label" "$*"
  "${runner[@]}" "${program[@]}" "$@" > out.txt 2> err.txt < "${stdin:-/dev/null}"
  local status=$?
  cat out.txt
  echo '--- stderr'
  cat err.txt
  printf '[exit %d]\n' "$status"
}
