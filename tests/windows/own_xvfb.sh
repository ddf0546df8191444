# Sourced by the tests that drive a Windows program's windows: `need TOOL` (a missing tool skips
# the test with status 77, or fails it under CI=true), and `start_own_xvfb`, which makes $work (a
# temporary directory, removed at the end with the Xvfb) and starts an Xvfb of the test's own,
# exporting its DISPLAY (-displayfd tells its number once it listens). $name names the test in
# messages.
need() {
  command -v "$1" >/dev/null && return 0
  if [ "${CI:-}" = true ]; then echo "$name: $1 is missing (setup.sh --all installs it)" >&2; exit 1; fi
  echo "$name: no $1: skipped" >&2
  exit 77
}
start_own_xvfb() {
  work=$(mktemp -d)
  xvfb_pid=
  trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"' EXIT
  Xvfb -displayfd 1 -screen 0 1024x768x24 -nolisten tcp > "$work/display" 2>/dev/null &
  xvfb_pid=$!
  for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
  DISPLAY=":$(head -1 "$work/display")"
  [ "$DISPLAY" = ":" ] && { echo "$name: Xvfb did not start" >&2; exit 1; }
  export DISPLAY
}
