#!/usr/bin/env bash
# Runs one session of real Debian programs (sessions/NAME.sh) and prints its transcript: each
# command, its output (stdout and stderr) and its exit status.
#   session.sh NAME BINROOT RUNNER...
# Programs are named by their path inside the root (`run /usr/bin/sqlite3 …`) and run as
# RUNNER BINROOT/PATH: e.g. `session.sh sqlite3 ROOT polyrun -L ROOT`, or with an empty RUNNER
# and the root of native builds as BINROOT. BINROOT is left out of the transcript, so transcripts
# of different runners and roots compare. check.sh runs a session twice and compares.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=$1
binroot=${2%/}
shift 2
runner=("$@")
samples=${POLYRUN_SAMPLES_DIR:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export LC_ALL=C TZ=UTC

# guest PATH ARGS...: runs a program of the root (or a program given by an absolute path outside
# it, e.g. a sample), for use inside pipelines and redirections. Its argv[0] is PATH, as when a
# shell on an arm64 machine runs it, whatever the root.
guest() {
  local path=$1 prog=$1
  shift
  if [ -z "$samples" ] || [[ $prog != "$samples"/* ]]; then prog=$binroot$prog; fi
  if [ ${#runner[@]} -gt 0 ]; then
    "${runner[@]}" -0 "$path" "$prog" "$@"
  else
    (exec -a "$path" "$prog" "$@")
  fi
}

# run PATH ARGS...: one transcript entry. run_from FILE PATH ARGS...: the same with stdin from FILE.
run() {
  local shown=$*
  [ -z "$samples" ] || shown=${shown//$samples\//samples\/}
  printf '$ %s%s\n' "$shown" "${stdin_shown:-}"
  guest "$@" 2>&1
  printf '[exit %d]\n' $?
}
run_from() {
  local file=$1
  shift
  stdin_shown=" < $file" run "$@" < "$file"
}

. "$here/sessions/$name.sh"
exit 0  # a session that cannot run exits non-zero itself
