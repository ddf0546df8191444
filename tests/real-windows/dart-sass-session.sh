#!/usr/bin/env bash
# A session with Dart Sass 1.89.0 (the Dart VM, dart.exe, running Sass's JIT snapshot, as the npm
# packages sass-embedded-win32-x64 and -ia32 ship them): its version, a stylesheet with modules,
# mixins, functions, loops, @extend and @media compiled to stdout (with the deprecation warnings it
# prints) and (x64) compressed to a file and with its source map, and an error. The Dart VM compiles Dart to
# machine code as it runs, on several threads, into writable code pages: on i686 the CPU engine
# translates code that other threads write (cpu-emu/writable_code_pages.cpp) and fills its
# translation buffer (engine_code_buffer.cpp). stdout and stderr are kept apart.
#   dart-sass-session.sh ISA RUNNER...   ISA: x64 or ia32
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
case "$isa" in
  x64) sha=01a1a9af947a30b0ae4af92f0dd46ae3d79b89fc0b72e18f934ff5d216d8c3d9e1de3a72dbf0b2958b9b429229478c8f72e0f5c05c05aae7d35c2dc725819bd2 ;;
  ia32) sha=7857bd54c346fbdd27ba81377970f2fb7f3eb841c67fbc5ca9a96ae7ed0f5597d1f87f5195a11bbc850d7e5655f78f8b387f096f896b7ee7a48478160c92df4a ;;
  *) echo "dart-sass-session: ISA is x64 or ia32" >&2; exit 2 ;;
esac
pkg=$("$here/fetch-npm.sh" "sass-embedded-win32-$isa" 1.89.0 "$sha") || exit $?
dart=$pkg/dart-sass/src/dart.exe
snapshot=$pkg/dart-sass/src/sass.snapshot
runner=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

label=sass
program=("$dart" "$snapshot")
source "$here/session-run.sh"

run --version

mkdir -p partials
cat > partials/_colors.scss <<'SCSS'
$primary: #336699 !default;
@function tint($c, $p) { @return mix(white, $c, $p); }
SCSS
cat > main.scss <<'SCSS'
@use "sass:math";
@use "sass:map";
@use "partials/colors" as c;
$pad: 4px;
$sizes: (sm: 1, md: 2, lg: 3);
@mixin box($w, $r: 2px) { width: $w; border-radius: $r; padding: $pad * 2; }
.card { @include box(100px); color: c.$primary; background: c.tint(c.$primary, 20%);
  &:hover { color: darken(c.$primary, 10%); }
  .title { font-size: math.div(18px, 2); margin: math.percentage(0.25); }
}
@each $n, $v in $sizes { .m-#{$n} { margin: $v * 0.5rem; } }
@for $i from 1 through 3 { .w-#{$i} { width: math.round(100% / $i); } }
%base { border: 1px solid red; }
.a { @extend %base; }
.b { @extend %base; color: rgba(0, 0, 0, .5); }
@media (min-width: 600px) { .card { display: flex; } }
.keys::after { content: "#{map.keys($sizes)}"; }
SCSS
run main.scss
# (On i686, on the CPU engine, a compile takes some 20 s: the files written and the source map
# only for x64.)
if [ "$isa" = x64 ]; then
  run --style=compressed --no-source-map main.scss out.css
  echo '$ cat out.css'
  cat out.css
  echo
  run --style=expanded main.scss mapped.css
  echo "mapped.css ends with its map's URL: $(tail -1 mapped.css)"
  echo "mapped.css.map: $(tr -d '\n' < mapped.css.map | grep -o '"sources":\[[^]]*\]')"
fi

cat > broken.scss <<'SCSS'
.x { color: red;
  .y { width: 10px + 2em; }
}
SCSS
run broken.scss
