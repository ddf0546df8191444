#!/usr/bin/env bash
# A session with esbuild, a JavaScript bundler written in Go and built with Go's own linker (the
# npm packages @esbuild/win32-x64 and -ia32): its version, a TypeScript transform from stdin, a
# bundle of modules, JSON and CSS, a bundle of 400 modules that esbuild parses on all its threads,
# Windows paths, and errors (a syntax error, a missing file). stdout and stderr are kept apart.
#   esbuild-session.sh ISA RUNNER...   ISA: x64 or ia32
# ESBUILD_VERSION picks the release: 0.19.12 (Go 1.20, the default: wine 8.0 runs it too, the
# reference) or 0.28.2 (a current Go runtime).
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
version=${ESBUILD_VERSION:-0.19.12}
case "$isa:$version" in
  x64:0.19.12) sha=4f54323d20c2c8c5da3b7a7306417de84f3132489161b5046400dddbd4b23c669bab131588da228be35c2bb79624012853a459c849b99554888d399c76807d1c ;;
  ia32:0.19.12) sha=f99384ea952430e25f9b198164494d3b1ef634aa486bf1c538c1b3bbc7eacd02799207fa6931ab709685b0d895307e092a9322a722beee4d27d945cdedaf1829 ;;
  x64:0.28.2) sha=e5e6e9c6bde758cceb2ffae7508ef9e4992e79ed1b1cbfc6ab459317d96f729bfbdf0029e5ebbc31f0548162bd6e15af6638fbc97f1eb5fffcb48f0d7b2ebde6 ;;
  ia32:0.28.2) sha=62625b7d396f53b49d9fd041fb83d1112e2807aa71812dfb30038d8fe841aff7295d2d5a04f297c4d9c36eef900963e3d28f5d832c5eabbf60e9ce4ff0a7ae60 ;;
  *) echo "esbuild-session: ISA is x64 or ia32, ESBUILD_VERSION 0.19.12 or 0.28.2" >&2; exit 2 ;;
esac
pkg=$("$here/fetch-npm.sh" "@esbuild/win32-$isa" "$version" "$sha") || exit $?
exe=$pkg/esbuild.exe
runner=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

label=esbuild
program=("$exe")
source "$here/session-run.sh"

run --version | sed "s/^$version\$/VERSION/"

cat > in.ts <<'TS'
interface Point { x: number; y: number }
enum Color { Red, Green = 4, Blue }
export const norm = (p: Point): number => Math.sqrt(p.x * p.x + p.y * p.y);
export function paint(c: Color = Color.Blue): string { return `color ${Color[c]} = ${c}`; }
TS
stdin=in.ts run --loader=ts --format=esm
stdin=in.ts run --loader=ts --minify

mkdir -p src/lib styles
cat > src/app.ts <<'TS'
import { greet } from './lib/greet';
import data from './data.json';
import './../styles/site.css';
console.log(greet(data.name), data.items.length);
TS
cat > src/lib/greet.ts <<'TS'
export const greet = (who: string) => `hello, ${who}!`;
export const unused = () => 'tree-shaken away';
TS
printf '{"name": "polyrun", "items": [1, 2, 3]}\n' > src/data.json
printf 'body { color: #ff0000; margin: 0px 0px }\n.a { composes: none }\n' > styles/site.css
run src/app.ts --bundle --format=esm --log-level=warning --outdir=out
for f in out/app.js out/app.css; do echo "== $f"; cat "$f"; done
# Windows spellings of the paths: backslashes, another letter case.
run 'src\app.ts' --bundle --minify --log-level=warning '--outfile=out\min.js'
echo "== out/min.js"; cat out/min.js; echo

# 400 modules in a chain of imports: esbuild parses them on every thread it has.
mkdir -p many
for ((i = 0; i < 400; i++)); do
  if ((i < 399)); then printf "import { v%d } from './m%d';\nexport const v%d = v%d + %d;\n" $((i + 1)) $((i + 1)) $i $((i + 1)) $i
  else printf 'export const v%d = %d;\n' $i $i; fi > many/m$i.ts
done
printf "import { v0 } from './m0';\nconsole.log(v0);\n" > many/index.ts
run many/index.ts --bundle --log-level=warning --outfile=out/many.js
echo "== out/many.js: $(wc -l < out/many.js) lines, sha256 $(sha256sum < out/many.js | cut -c1-16)"
grep -c '^  var v[0-9]* = ' out/many.js

printf 'export const broken = (a, b => a +;\n' > bad.js
run bad.js --bundle --log-level=error
run missing.js --log-level=error
