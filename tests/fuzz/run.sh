#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer and UBSan: -DPOLYRUN_FUZZ=ON) and runs each
# for a bounded time or number of runs, from its seeds: the committed corpus/<target> and
# regressions/<target> inputs, the sample programs for the loaders, and what earlier runs in the
# same build directory found (its corpus/). A crash, a sanitizer report, a failed property, a
# timeout or running out of memory is a finding: the input is kept under findings/ in the build
# directory and the script fails. Prints a line per target.
#   tests/fuzz/run.sh [--build-dir DIR] [--seconds N | --runs N] [--samples DIR] [TARGET...]
# --seconds: per target (default 20); --runs: per target instead (a longer run on demand, e.g.
# --runs 1000000); --samples: the samples a build made (default build/samples), whose programs
# seed the ELF and PE loaders.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=build-fuzz seconds=20 runs= samples=build/samples
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --runs) runs=$2; shift ;;
    --samples) samples=$2; shift ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
for tool in clang clang++; do
  command -v $tool > /dev/null || { echo "run.sh: $tool is missing (setup.sh installs clang)" >&2; exit 1; }
done

if [ ! -f "$build/CMakeCache.txt" ]; then
  mkdir -p "$build"
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" \
    -DBUILD_TESTING=OFF -DPOLYRUN_SAMPLES=hello -DPOLYRUN_FUZZ=ON > "$build/configure.log" 2>&1 ||
    { cat "$build/configure.log" >&2; exit 1; }
fi
cmake --build "$build" -j"$(nproc)" --target fuzz_targets > "$build/fuzz-build.log" 2>&1 ||
  { tail -40 "$build/fuzz-build.log" >&2; exit 1; }
[ ${#targets[@]} -gt 0 ] || read -ra targets < "$build/tests/fuzz/targets.txt"

# Sample programs per target: ELF programs of every ISA, PE programs of both widths.
seed_dirs() {
  case "$1" in
    elf_loader) for isa in aarch64 arm i386 riscv64 s390x; do echo "$samples/$isa"; done ;;
    pe_loader | pe_delay_imports | pe_file_resource) echo "$samples/win64"; echo "$samples/win32"; echo "$samples/msvc-win64"; echo "$samples/msvc-win32" ;;
    pe_unwind) echo "$samples/win64"; echo "$samples/msvc-win64" ;;
  esac
}

failed=0
mkdir -p "$build/findings"
printf '%-22s %10s %8s %8s  %s\n' target runs cov corpus result
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  seeds=(tests/fuzz/corpus/$t)
  [ -d tests/fuzz/regressions/$t ] && seeds+=(tests/fuzz/regressions/$t)
  while read -r d; do
    [ -z "$d" ] && continue
    if [ -d "$d" ]; then seeds+=("$d")
    elif [ "${CI:-}" = true ]; then echo "run.sh: $d is missing (the Release build makes the samples)" >&2; exit 1
    fi
  done < <(seed_dirs "$t")
  limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  log="$build/findings/$t.log"
  status=0
  "$build/tests/fuzz/fuzz_$t" "${limit[@]}" -timeout=10 -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$t-" "$corpus" "${seeds[@]}" > "$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  size=$(ls "$corpus" | wc -l)
  if [ "$status" = 0 ]; then result=ok
  else
    result="FINDING (status $status): $(ls -t "$build/findings/$t-"* 2>/dev/null | head -1)"
    failed=1
    grep -E 'ERROR|SUMMARY|fuzz check failed|runtime error' "$log" | head -5 >&2 || true
  fi
  printf '%-22s %10s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "$size" "$result"
done
exit $failed
