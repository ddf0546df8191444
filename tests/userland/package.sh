#!/usr/bin/env bash
# The Debian package CPack builds from this build directory (cmake/Packaging.cmake): its files,
# its control fields and maintainer scripts, checked with dpkg-deb.
#   package.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
fail() { echo "package.sh: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" > "$out/cpack.log") || { cat "$out/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$out"/polyrun_*_amd64.deb 2> /dev/null | head -n1)
[ -n "$deb" ] || fail "no polyrun_*_amd64.deb in $out"
dpkg-deb -c "$deb" | awk '{ print $6 ($7 ? " " $7 " " $8 : "") }' | sed 's|^\./|/|' | grep -v '/$' | sort > "$out/files"
expected=$(mktemp)
{
  echo "/usr/bin/polyrun"
  for t in aarch64 arm i386 riscv64 s390x win32 win64; do echo "/usr/bin/polyrun-$t -> polyrun"; done
  for f in aarch64 arm i386 riscv64 s390x windows; do echo "/usr/lib/binfmt.d/polyrun-$f.conf"; done
  for f in README.md architecture.md test-runners.md userlands.md; do echo "/usr/share/doc/polyrun/$f"; done
  echo "/usr/share/man/man1/polyrun.1"
} | sort > "$expected"
diff -u "$expected" "$out/files" || fail "the package's files differ from those expected (-)"
rm -f "$expected"
# The registrations name the installed polyrun.
mkdir "$out/x"
dpkg-deb -x "$deb" "$out/x"
grep -q '^:polyrun-aarch64:M::.*:/usr/bin/polyrun:FP$' "$out/x/usr/lib/binfmt.d/polyrun-aarch64.conf" ||
  fail "polyrun-aarch64.conf: $(cat "$out/x/usr/lib/binfmt.d/polyrun-aarch64.conf")"
# A static polyrun needs no other package.
info=$(dpkg-deb -f "$deb")
echo "$info" | grep -q '^Package: polyrun$' || fail "no Package: polyrun"
echo "$info" | grep -q '^Architecture: amd64$' || fail "not Architecture: amd64"
if file -L "$out/x/usr/bin/polyrun" | grep -q 'static'; then
  ! echo "$info" | grep -q '^Depends:' || fail "a static polyrun depends on: $(echo "$info" | grep '^Depends:')"
fi
dpkg-deb -e "$deb" "$out/control"
for s in postinst prerm; do
  [ -x "$out/control/$s" ] || fail "no $s"
done
grep -q 'polyrun --binfmt install' "$out/control/postinst" || fail "postinst does not register"
grep -q 'polyrun --binfmt remove' "$out/control/prerm" || fail "prerm does not remove polyrun's entries"
echo "package.sh: $(basename "$deb"): $(wc -l < "$out/files") files as expected"
