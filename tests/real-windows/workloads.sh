# Workloads that tests/real-windows/*-session.sh and bench/windows_real.sh share: sourced, not run.

# ts_module_chain DIR N: N TypeScript modules DIR/m1.ts … mN.ts, each importing the one before
# (a type, a constant and a function each).
ts_module_chain() {
  local dir=$1 n=$2 i prev
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    prev=$((i - 1))
    {
      if [ "$i" -gt 1 ]; then printf 'import { v%d, T%d } from "./m%d";\n' "$prev" "$prev" "$prev"; fi
      printf 'export type T%d = { id: %d; next?: T%d; tag: `m%d` };\n' "$i" "$i" "$i" "$i"
      if [ "$i" -gt 1 ]; then
        printf 'export const v%d: T%d = { id: %d, tag: `m%d`, next: undefined };\n' "$i" "$i" "$i" "$i"
        printf 'export function f%d(x: T%d): number { return x.id + v%d.id; }\n' "$i" "$prev" "$prev"
      else
        printf 'export const v1: T1 = { id: 1, tag: `m1` };\n'
      fi
    } > "$dir/m$i.ts"
  done
}

# js_modules DIR N: N small JavaScript modules DIR/m1.js … mN.js, unformatted, with a lint finding
# each (==).
js_modules() {
  local dir=$1 n=$2 i
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    printf 'export const v%d = { id:%d, name:"m%d" }\nexport function f%d(a){ return a==%d ? v%d : null }\n' \
      "$i" "$i" "$i" "$i" "$i" "$i" > "$dir/m$i.js"
  done
}
