#!/usr/bin/env bash
# Sets up (./setup.sh) and runs the whole test suite with CTest.
#   ./run-tests.sh [--debug | --tsan] [setup.sh options…]
# --tsan runs the guest-thread tests only (and user32_windows: messages sent across threads),
# under ThreadSanitizer: any report fails them. --debug
# (AddressSanitizer and UBSan) leaves out the Debian programs of the ISAs other than aarch64
# (real_linux_<isa>.*, to keep CI within its time): the samples of those ISAs do run under the
# sanitizers, and their programs take the paths of the syscall layer that aarch64's take; the
# build-system runner projects (runner_*: the same programs as the samples, built again); node.exe
# on the engine (real_windows.node_x86 and node_x64_emulated: two to three minutes each under the
# sanitizers, where node_x64 runs the same scripts natively through the same DLLs in seconds) and
# the other real x86-64 programs on the engine (real_windows.*_x64_emulated: the Release run has
# them, and under the sanitizers they run natively and their i686 builds on the engine); the
# Windows samples' x86-64 builds on the engine (win64emulated_*: the Release run has them; under
# the sanitizers each sample runs natively and its i686 build on the same engine and DLLs); and
# the import census (its programs' start-up only, which the samples' runs cover); the i686 builds
# of the window samples (user32_*, gdi32_*, comctl32_*, comdlg32_*, and the driven
# user32_x11_clipboard and the screenshot samples' X11 runs: the Release run has them, and under the
# sanitizers their x86-64 builds take the same USER32 and GDI32 paths); Minesweeper
# (real_gui_winemine: a picture compared, Notepad takes the same paths and more); and the thread and
# signal stress samples of the ISAs other than aarch64 (--tsan runs them all under ThreadSanitizer,
# and their threads take the paths aarch64's take through the syscall layer); 10,000 threads
# (resource_limits_threads: a minute and a half in the Release run); descriptors up to
# RLIMIT_NOFILE (resource_limits_files: LeakSanitizer finds no descriptor left for its check at
# exit); the system call fuzzer of the ISAs other than aarch64; and the Windows API fuzzer
# (AddressSanitizer's interceptors report the program's bad pointers that polyrun's host calls
# touch before the fault that becomes the program's access violation can happen); the loaders' fuzz
# replays (tests/fuzz/run.sh, the last stage of tests/sanitizers.sh, runs the same inputs under
# AddressSanitizer). The Release run has them all. --tsan leaves out resource_limits_threads too:
# ThreadSanitizer's shadow state for 10,000 threads outgrows the test's time (killed after two
# minutes); the Release run has it.
set -euo pipefail
cd "$(dirname "$0")"
build_dir=build
only=()
for a in "$@"; do
  [ "$a" = --debug ] && build_dir=build-debug && only=(-E 'real_linux_[a-z0-9]+\.|runner_|real_windows\.(node_x86|[a-z0-9_-]+_x64_emulated)|/win64emulated_|/(riscv64|arm|i386|s390x)_(threads_stress|signal_race|exclusive_stress)|census\.|(user32_x11_input|user32_controls|comdlg32_dialogs|user32_x11_clipboard)_win(64emulated|32)|comdlg32_headless_win32|/win32_(user32|gdi32|comctl32|comdlg32)_|screenshot_[a-z0-9_]+_x11_win32|real_gui_winemine|_?resource_limits_(threads|files)|fuzz\.syscalls_(riscv64|arm|i386|s390x)|fuzz\.api_|fuzz\.(elf|pe)_loader')
  [ "$a" = --tsan ] && build_dir=build-tsan && only=(-R 'threads|thread_pool|directory_changes|robust_mutex|signal|exclusive|ParallelEngine|ParallelCounter|NativeX64|I386CodeWritten|user32_windows' -E 'resource_limits_threads')
done
# The sanitizer builds use the samples the Release build made (build/samples), when it has.
shared=()
[ "$build_dir" != build ] && [ -d build/samples/win64 ] && shared=(--samples-dir build/samples)
./setup.sh --all "$@" "${shared[@]}"
# die_after_fork=0: a guest may fork while a thread of its own is still ending and start threads
# in the child (robust_mutex does), which ThreadSanitizer otherwise refuses outright.
# The sanitizer stages (tests/sanitizers.sh) compare with the stored expectations only: the Release
# stage (run first, as .ci/run does) compared the same sample programs with qemu and wine live.
[ "$build_dir" != build ] && export POLYRUN_TEST_REFERENCES=stored
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 die_after_fork=0 ${TSAN_OPTIONS:-}"
# The root filesystem builds (ctest -L rootfs) are left to a run of their own: each takes 6 to 13
# minutes on a 2-core machine (docs/userlands.md has the times), more than CI's 60 minutes leave.
# So are the stress runs (ctest -L stress: a sample 1,000 times in a row).
# The tests that skipped themselves (77: a tool or download missing, where CI=true is not set)
# are listed in $build_dir/skipped.txt, which .ci/run and tests/sanitizers.sh print at their end.
# CTest starts the longest tests first when it knows their times (its cost data), which a new build
# directory has not: tests/ctest-costs.txt gives the times of a whole Release run on this machine
# kind (2026-11-30), so that the census and the real programs do not start last and run alone.
costs="$build_dir/Testing/Temporary/CTestCostData.txt"
[ -f "$costs" ] || { mkdir -p "$(dirname "$costs")" && cp tests/ctest-costs.txt "$costs"; }
set +e
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" --timeout 600 -LE 'rootfs|stress' "${only[@]}" |
  tee "$build_dir/ctest.log"
status=${PIPESTATUS[0]}
set -e
sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) .*\*\*\*Skipped.*/\1/p' "$build_dir/ctest.log" > "$build_dir/skipped.txt"
exit "$status"
