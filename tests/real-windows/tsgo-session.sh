#!/usr/bin/env bash
# A session with tsgo, TypeScript's compiler written in Go (Go 1.26, from the npm package
# @typescript/native-preview-win32-x64 7.0.0-dev.20260707.2): a project type-checked and emitted
# (JavaScript and declarations), type errors with their codes and exit status, an incremental
# build run twice, --init's tsconfig.json, --showConfig, and 400 modules checked on all its threads
# and on one. Each command's output and exit status, the emitted files' contents or hashes.
#   tsgo-session.sh x64 RUNNER...   (tsgo.exe run as RUNNER… tsgo.exe ARGS)
#   tsgo-session.sh x64 --linux     (the same session with the same version's Linux build,
#                                    @typescript/native-preview-linux-x64: how expected/tsgo-x64.txt
#                                    is made)
# Exit status 77 when a package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/workloads.sh"
version=7.0.0-dev.20260707.2
shift  # the ISA: x64 only (the package has no x86 build)
if [ "${1:-}" = --linux ]; then
  pkg=$("$here/fetch-npm.sh" @typescript/native-preview-linux-x64 "$version" 76ed1dce2eb2f7b3e8e6f0cd74f253cb28a31c2a5a4b6d892d19ca64425704368ef60088ca63afff9410a24151b8e9509b46d69778bd3c5e0e55d18feae00e40) || exit $?
  exe=$pkg/lib/tsgo
  chmod +x "$exe"
  runner=()
else
  pkg=$("$here/fetch-npm.sh" @typescript/native-preview-win32-x64 "$version" 0cbe2edbbb2dbf47e8ef5b1584ecc74b013e60c66c6c18a3548fa483974b0cb8a5487efd5854c9f11490e3abc9ac232df868e5bff24e64fd4fb8b2437e2a1879) || exit $?
  exe=$pkg/lib/tsgo.exe
  runner=("$@")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
tsgo() {  # (--verbose's lines start with the time of day: masked)
  printf '$ tsgo %s\n' "$*"
  "${runner[@]}" "$exe" "$@" > out.txt 2>&1
  local status=$?
  sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2} [AP]M - /HH:MM:SS - /' out.txt
  rm -f out.txt
  printf '[exit %d]\n' "$status"
}
show() {  # every file under $1, sorted, with its contents
  find "$1" -type f | LC_ALL=C sort | while read -r f; do printf -- '--- %s\n' "$f"; cat "$f"; done
}

mkdir -p app/src
cat > app/tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "es2022",
    "module": "commonjs",
    "strict": true,
    "rootDir": "src",
    "outDir": "out",
    "declaration": true
  },
  "include": ["src"]
}
EOF
cat > app/src/shapes.ts <<'EOF'
export interface Shape { kind: "circle" | "square"; size: number }
export function area(s: Shape): number {
  switch (s.kind) {
    case "circle": return Math.PI * s.size * s.size;
    case "square": return s.size * s.size;
  }
}
export class Registry<T extends Shape> {
  private items = new Map<string, T>();
  add(name: string, item: T): this { this.items.set(name, item); return this; }
  total(): number { let t = 0; for (const v of this.items.values()) t += area(v); return t; }
}
export enum Colour { Red = 1, Green, Blue = "blue" }
EOF
cat > app/src/main.ts <<'EOF'
import { Registry, area, Colour } from "./shapes";
const r = new Registry().add("a", { kind: "circle", size: 1 }).add("b", { kind: "square", size: 2 });
async function later(n: number): Promise<string> { return `${n}`.padStart(3, "0"); }
later(7).then((s) => console.log(r.total().toFixed(3), area({ kind: "square", size: 3 }), Colour.Green, s));
EOF
cd app
tsgo --version
tsgo -p .
show out
cd ..

mkdir -p bad
cat > bad/tsconfig.json <<'EOF'
{ "compilerOptions": { "strict": true, "noEmit": true, "noUnusedLocals": true }, "files": ["errors.ts"] }
EOF
cat > bad/errors.ts <<'EOF'
const n: number = "text";
function f(x: string) { return x.lenght; }
let unused = 1;
import { missing } from "./nowhere";
f(42);
EOF
tsgo -p bad --pretty false
tsgo -p bad --pretty false --noUnusedLocals false

mkdir -p inc/src
printf '{ "compilerOptions": { "incremental": true, "strict": true, "outDir": "out", "rootDir": "src", "tsBuildInfoFile": "out/build.tsbuildinfo" } }\n' > inc/tsconfig.json
printf 'export const a: number = 1;\n' > inc/src/a.ts
printf 'import { a } from "./a";\nexport const b = a + 1;\n' > inc/src/b.ts
# (a.ts the newer of the two, whatever the file system's clock grain: --verbose names the newest)
touch -d '-20 seconds' inc/src/b.ts
touch -d '-10 seconds' inc/src/a.ts
tsgo -b inc --verbose --pretty false
tsgo -b inc --verbose --pretty false
printf 'export const a: string = "1";\n' > inc/src/a.ts
touch -d '+5 seconds' inc/src/a.ts  # (newer than the build information by more than any clock's grain)
tsgo -b inc --verbose --pretty false
cat inc/out/b.js

mkdir init && cd init
tsgo --init
grep -v '^ *//' tsconfig.json | grep -v '^ *$'
tsgo --showConfig
cd ..

ts_module_chain many/src 400
printf '{ "compilerOptions": { "strict": true, "outDir": "out", "rootDir": "src", "declaration": true } }\n' > many/tsconfig.json
printf 'const broken: T400 = v400;\n' >> many/src/m400.ts  # (T400 and v400 are declared above: no error)
printf 'export const wrong: T399 = { id: 400, tag: `m399` };\n' >> many/src/m400.ts
tsgo -p many --pretty false
printf 'out: %s files, sha256 of their contents in order: %s\n' "$(find many/out -type f | wc -l)" \
  "$(find many/out -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -d' ' -f1)"
rm -rf many/out
tsgo -p many --pretty false --singleThreaded
printf 'out: %s files, sha256 of their contents in order: %s\n' "$(find many/out -type f | wc -l)" \
  "$(find many/out -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -d' ' -f1)"
