#!/usr/bin/env bash
# A session with dprint 0.54.0 (a Rust program built with MSVC for x64, from the npm package
# @dprint/win32-x64): its version, its license text and the error for an unknown subcommand, each
# with its exit status. These paths run on one thread; formatting starts worker threads.
#   dprint-session.sh x64 RUNNER...
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$("$here/fetch-npm.sh" @dprint/win32-x64 0.54.0 000af6c9efc3b606170e9951a0f4bee54fbec7b4fa5b86b723d16f4c5585c73885994a6dbc08391b673815c5e801db92aee858649be30d9acbb1e4767372305e) || exit $?
exe=$pkg/dprint.exe
shift
runner=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for args in "--version" "license" "nonsense"; do
  printf '$ dprint %s\n' "$args"
  # shellcheck disable=SC2086
  "${runner[@]}" "$exe" $args 2>&1
  printf '[exit %d]\n' $?
done
