#!/usr/bin/env bash
# A session with Biome 2.6.8, a Rust formatter and linter (a current Rust toolchain, MSVC-built, from
# the npm package @biomejs/cli-win32-x64): formatting checked and written, lint rules, check with
# safe and unsafe fixes written, a configuration file, JSON reports, a syntax error, and 300 files
# walked on its threads. Each command's output and exit status, the files it wrote.
#   biome-session.sh x64 RUNNER...   (biome.exe run as RUNNER… biome.exe ARGS)
#   biome-session.sh x64 --linux     (the same session with the same version's Linux build,
#                                     @biomejs/cli-linux-x64: how expected/biome-x64.txt is made)
# Biome prints paths with the OS's separator (src\a.ts on Windows): the transcript has them with "/",
# and its durations masked.
# Exit status 77 when a package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/workloads.sh"
version=2.6.8
shift  # the ISA: x64
if [ "${1:-}" = --linux ]; then
  pkg=$("$here/fetch-npm.sh" @biomejs/cli-linux-x64 "$version" 5c8937a4b413e7a23a4ed8bebb40c5f05b523578c23133dbc554f37c9f5c4b6b7522654abeba95e5be761ae11a260ebfc2e897bf3d2c8df6f9b1a0784cf463cc) || exit $?
  exe=$pkg/biome
  chmod +x "$exe"
  runner=()
else
  pkg=$("$here/fetch-npm.sh" @biomejs/cli-win32-x64 "$version" 703e87bc673365488062c63cb364f1c578f600717311d3289af5497c48f33a304ce399c6a880df0696edbf0190cc308df17db228a93dbb58e70d98ac4f69f122) || exit $?
  exe=$pkg/biome.exe
  runner=("$@")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
biome() {
  printf '$ biome %s\n' "$*"
  "${runner[@]}" "$exe" "$@" > out.txt 2>&1
  local status=$?
  sed -E -e 's#(src|many)\\\\#\1/#g' -e 's#(src|many)\\#\1/#g' -e 's#([0-9]+(\.[0-9]+)?(ms|µs|ns|s))\b#DURATION#g' \
    -e 's/"(duration|scannerDuration)":[0-9]+/"\1":DURATION/g' out.txt
  rm -f out.txt
  printf '[exit %d]\n' "$status"
}
show() {
  for f in "$@"; do printf -- '--- %s\n' "$f"; cat "$f"; done
}
write_sources() {
  mkdir -p src
  cat > src/a.ts <<'EOF'
import {b} from './b'
import { readFile } from "node:fs"
const  x = {a:1,b:[1,2,3],   c: "str"}
export function f(y:number){ if(y==1){return b(y)} else { return x.a+y } }
let unused = 3;
debugger;
export   class   K { constructor(private n:number){}  get twice(){return this.n*2} }
EOF
  cat > src/b.js <<'EOF'
export const b = (n) => { return n*2 }
var z = 1; z == null
for (var i = 0; i < 3; i++) { console.log(`i=${i}`) }
EOF
  printf '{"a":1,  "b" :[1,2],\n"nested":{"deep":  [ {"k":"v"} ]}}\n' > src/c.json
  printf '.box {color:red;margin:0 0 0 0}\n\n\n.box{ color : blue }\n' > src/d.css
}

write_sources
biome --version
biome format src
biome lint src
biome check src --max-diagnostics=50
biome format --write src
show src/a.ts src/b.js src/c.json src/d.css
rm -rf src
write_sources
biome check --write src
show src/a.ts src/b.js
biome check --write --unsafe src
show src/a.ts src/b.js

cat > biome.json <<'EOF'
{
  "formatter": { "indentStyle": "space", "indentWidth": 4, "lineWidth": 60 },
  "javascript": { "formatter": { "quoteStyle": "single", "semicolons": "asNeeded" } },
  "linter": { "rules": { "suspicious": { "noDebugger": "off" }, "style": { "useConst": "error" } } }
}
EOF
rm -rf src
write_sources
biome format --write src
show src/a.ts src/b.js
biome lint src/a.ts
biome lint --reporter=json src/a.ts
rm biome.json

printf 'function broken( {\n  return 1 +;\n}\n' > src/e.js
biome check src/e.js
rm src/e.js

js_modules many 300
biome check many --max-diagnostics=0
biome format --write many
printf 'many: sha256 of the files in order: %s\n' "$(find many -type f | LC_ALL=C sort -V | xargs cat | sha256sum | cut -d' ' -f1)"
