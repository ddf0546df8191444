#!/usr/bin/env bash
# The kernel ABI probe (syscall-translate/kernel_abi/kernel_abi.c with PR_PROBE) gives the same
# values, sizes and offsets built by clang --target=TRIPLE as by that ISA's Debian cross GCC, the
# reference for the guest's ABI: cmake/KernelAbi.cmake builds it with clang where the cross GCC is
# not installed (setup.sh's quick set-up installs none but aarch64's).
#   kabi-compilers.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$(realpath "$1") build=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v clang > /dev/null || { echo "kabi-compilers: clang is not installed (setup.sh installs it)" >&2; exit 1; }
checked=0
while read -r isa triple defines; do
  gcc=$triple-gcc
  command -v "$gcc" > /dev/null || { echo "kabi-compilers: $gcc is not installed (setup.sh --all installs it)" >&2; exit 1; }
  lists=$build/syscall-translate/kernel_abi_$isa.inc
  [ -f "$lists" ] || { echo "kabi-compilers: $lists not generated" >&2; exit 1; }
  for cc in "$gcc" "clang --target=$triple"; do
    name=$(echo "$cc" | cut -d' ' -f1)
    # shellcheck disable=SC2086
    $cc -nostdinc -isystem "/usr/$triple/include" -U__x86_64__ -U__x86_64 -U__amd64__ -U__amd64 $defines \
      -I "$src/syscall-translate/kernel_abi" -O0 -Wno-type-limits -DPR_PROBE "-DPR_ABI_LISTS=\"$lists\"" \
      -c "$src/syscall-translate/kernel_abi/kernel_abi.c" -o "$tmp/$isa-$name.o"
    python3 "$src/cmake/kabi_probe.py" "$tmp/$isa-$name.o" "$tmp/$isa-$name.h"
    tail -n +2 "$tmp/$isa-$name.h" > "$tmp/$isa-$name.values"
  done
  if ! diff -q "$tmp/$isa-$gcc.values" "$tmp/$isa-clang.values" > /dev/null; then
    echo "kabi-compilers: $isa: clang's values differ from $gcc's:" >&2
    diff "$tmp/$isa-$gcc.values" "$tmp/$isa-clang.values" | head -20 >&2
    exit 1
  fi
  echo "$isa: $(wc -l < "$tmp/$isa-clang.values") values, the same from clang as from $gcc"
  checked=$((checked + 1))
done <<'LIST'
aarch64 aarch64-linux-gnu -U__i386__ -D__aarch64__ -D__AARCH64EL__
riscv64 riscv64-linux-gnu -U__i386__ -D__riscv -D__riscv_xlen=64
arm arm-linux-gnueabihf -U__i386__ -D__arm__ -D__ARMEL__ -D__ARM_EABI__
i386 i686-linux-gnu -D__i386__ -D__i386
s390x s390x-linux-gnu -U__i386__ -D__s390__ -D__s390x__
LIST
[ "$checked" = 5 ]
