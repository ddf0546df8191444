#!/usr/bin/env bash
# A session with sentry-cli 2.28.6, a Rust program built for the MSVC targets (the npm packages
# @sentry/cli-win32-x64 and -i686; it links curl, which loads the SSPI at start-up): its version
# and help, clap's error for an unknown command, a check of a debug file (its own executable),
# debug ids injected into JavaScript files and their source maps, shell completions written to a
# file, and a missing file. Only commands that need no network. stdout and stderr are kept apart.
#   sentry-cli-session.sh ISA RUNNER...   ISA: x64 or i686
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
case "$isa" in
  x64) sha=4c6d98cd9f4931e345cdb89c76be5f6edb2eb1518009bac47c798f8335860de2d43fdd2667188c4e3917b04d57ff98d01108c1dbe7f27d79686dafd4828e7584 ;;
  i686) sha=ce4a56b6f63792dfa88156806df16bd8c12480c30724d2549cd30ef08c5c7bd821dfcb326c89039193459d53c15cc0a5255d003dae101f4130ba660115950cb9 ;;
  *) echo "sentry-cli-session: ISA is x64 or i686" >&2; exit 2 ;;
esac
pkg=$("$here/fetch-npm.sh" "@sentry/cli-win32-$isa" 2.28.6 "$sha") || exit $?
exe=$pkg/bin/sentry-cli.exe
runner=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# No configuration from the user running the tests.
export SENTRY_LOAD_DOTENV=0
unset SENTRY_DSN SENTRY_AUTH_TOKEN SENTRY_URL SENTRY_ORG SENTRY_PROJECT SENTRY_LOG_LEVEL

label=sentry-cli
program=("$exe")
source "$here/session-run.sh"

run --version
run --help
run sourcemaps --help
run no-such-command
cp "$exe" tool.exe
run debug-files check tool.exe
run debug-files check missing.exe

mkdir -p dist/lib
printf 'function add(a,b){return a+b}\nconsole.log(add(1,2));\n//# sourceMappingURL=app.js.map\n' > dist/app.js
printf '{"version":3,"file":"app.js","sources":["app.ts"],"names":["add"],"mappings":"AAAA,SAASA"}' > dist/app.js.map
printf 'export const x = 42;\n//# sourceMappingURL=x.js.map\n' > dist/lib/x.js
printf '{"version":3,"file":"x.js","sources":["x.ts"],"names":[],"mappings":"AAAA"}' > dist/lib/x.js.map
run sourcemaps inject dist
for f in dist/app.js dist/app.js.map dist/lib/x.js dist/lib/x.js.map; do echo "== $f"; cat "$f"; echo; done
# Injecting again finds the ids already there and changes nothing.
run sourcemaps inject dist

for shell in bash zsh fish powershell; do
  "${runner[@]}" "$exe" completions "$shell" > "completions.$shell" 2> /dev/null
  printf 'completions %s: exit %d, %d lines, sha256 %s\n' "$shell" $? "$(wc -l < "completions.$shell")" \
    "$(sha256sum < "completions.$shell" | cut -c1-16)"
done
