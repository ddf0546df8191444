#!/usr/bin/env bash
# A session with Bun 1.4.5 (x64; a JavaScript runtime, bundler and test runner): `bun run` of a file
# and of a package.json script that calls `node` (Bun's alias of itself, made in the temporary
# directory), `bun build` of two modules into one file, and `bun test`. Durations are masked.
#   bun-session.sh ISA RUNNER...   ISA: x64; RUNNER "--linux": Bun 1.4.5 for Linux, natively
# (the reference the expected transcript was made with: wine 8.0 cannot start this Bun).
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shift
if [ "${1:-}" = --linux ]; then
  pkg=$("$here/fetch-npm.sh" @oven/bun-linux-x64 1.4.5 2165fd0442e8187014b4ca2791e49a35a6705f3464fa80f0e8c93e1c115777728760804d06c20646ea4c64f7203680db2692eeea00098c8a0854f66db75689d6) || exit $?
  run=("$pkg/bin/bun")
else
  pkg=$("$here/fetch-npm.sh" @oven/bun-windows-x64 1.4.5 14dbe9972eb9d6f704fc61e0356cfa999be19a4c01baef07c39e2837303e090a20f875bee78dab5d0999a8d1d1905c5acc3f4bdf18be893b6f3b77a78008097f) || exit $?
  run=("$@" "$pkg/bin/bun.exe")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
echo 'console.log("hi", 1 + 2)' > a.js
echo '{"name": "t", "version": "1.0.0", "scripts": {"hello": "echo script-ran && node -e \"console.log(40 + 2)\""}}' > package.json
echo 'import { x } from "./m.js"; console.log(x * 2)' > e.js
echo 'export const x = 21;' > m.js
printf '%s\n' 'import { test, expect } from "bun:test";' 'test("adds", () => { expect(1 + 2).toBe(3); });' > t.test.js
session() {
  for args in "run a.js" "run hello" "build e.js --outfile out.js" "test"; do
    echo "\$ bun $args"
    # shellcheck disable=SC2086
    "${run[@]}" $args > out.txt 2> err.txt
    echo "[exit $?]"
    cat out.txt
    echo "(stderr)"
    cat err.txt
  done
  echo "out.js:"
  cat out.js
}
session | tr -d '\r' | sed -E 's/[0-9]+(\.[0-9]+)?ms/Nms/g'
