#!/usr/bin/env bash
# Installs polyrun's dependencies from Debian 12 packages, then configures and builds it.
#   ./setup.sh [--linux | --all] [--debug | --tsan] [--no-install] [--build-dir DIR] [--samples-dir DIR]
# By default only what running polyrun needs, and one sample, the aarch64 hello: the build tools,
# LIEF, spdlog, fmt, Nettle, the guests' kernel headers (linux-libc-dev-*-cross), clang (the
# kernel ABI probe of ISAs whose cross GCC is not installed) and aarch64's cross GCC, the Unicorn
# engine (cmake/fetch-unicorn.sh); it builds polyrun and that sample, no tests.
#   --linux       polyrun with the Linux personality alone (-DPOLYRUN_WINDOWS=OFF), and that sample:
#                 none of the libraries only the Windows DLLs link (Nettle, GnuTLS, FreeType,
#                 fontconfig, libpng, Xlib, OpenLDAP), a fifth of the compile time (the README's
#                 first command); a later ./setup.sh without it builds the Windows personality too
#   --all         what the tests need too (run-tests.sh passes it): every ISA's cross toolchain,
#                 mingw-w64, rustc, qemu-user, wine64, pulseaudio (the WINMM samples' sound server,
#                 with a null sink), openssl (the Schannel sample's server certificate, the WINTRUST sample's
#                 signer), osslsigncode (the WINTRUST sample's signature), xvfb
#                 (the display wine draws the window samples' reference runs on), xdotool,
#                 x11-apps (xwd: the screenshot tests' dumps of the screen), xclip (the X clipboard test),
#                 gdb-multiarch, GoogleTest, meson, mmdebstrap, universal-ctags (the layering
#                 check's declarations and definitions)…;
#                 builds every sample and test
#   --debug       Debug build with AddressSanitizer/UBSan (build dir defaults to build-debug; --all)
#   --tsan        Debug build with ThreadSanitizer (build dir defaults to build-tsan; --all)
#   --no-install  skip apt-get (everything is installed already)
#   --no-build    install and configure, but build nothing (tests/clean-room.sh proves --all's
#                 package list so)
#   --samples-dir build the samples in DIR, or use those built there (another build directory's
#                 samples/: they do not depend on how polyrun is built)
set -euo pipefail
cd "$(dirname "$0")"

build_type=Release
sanitizer=""
build_dir=""
samples_dir=""
install=1
build=1
all=0
linux=0
while [ $# -gt 0 ]; do
  case "$1" in
    --all) all=1 ;;
    --linux) linux=1 ;;
    --debug) build_type=Debug all=1 ;;
    --tsan) build_type=Debug sanitizer=tsan all=1 ;;
    --no-install) install=0 ;;
    --no-build) build=0 ;;
    --build-dir) build_dir="$2"; shift ;;
    --samples-dir) samples_dir="$(realpath -m "$2")"; shift ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$linux" = 1 ] && [ "$all" = 1 ]; then
  echo "setup.sh: --linux builds no tests: the tests (--all, --debug, --tsan) need the Windows personality too" >&2
  exit 2
fi
if [ -z "$build_dir" ]; then
  if [ "$sanitizer" = tsan ]; then build_dir=build-tsan
  elif [ "$build_type" = Debug ]; then build_dir=build-debug
  else build_dir=build; fi
fi
# Each step's wall time, printed at the end (tests/clean-room.sh reports them).
steps=()
step_start=$SECONDS
step_done() { steps+=("$1 $((SECONDS - step_start)) s"); step_start=$SECONDS; }
step_times() { local IFS=,; echo "${steps[*]}" | sed 's/,/, /g'; }

cmake_args=()
[ "$sanitizer" = tsan ] && cmake_args=(-DPOLYRUN_ASAN=OFF -DPOLYRUN_TSAN=ON)
[ -n "$samples_dir" ] && cmake_args+=("-DPOLYRUN_SAMPLES_OUTPUT_DIR=$samples_dir")

# What building and running polyrun needs (the kernel headers of every guest ISA: its tables are
# generated from them; Nettle for the Windows cryptography DLLs; GnuTLS, and libunistring's archive
# for a static link of it, for SECUR32's Schannel; FreeType, fontconfig and a font for GDI32's
# text; libpng and zlib for the headless display's PNG files), and aarch64's cross compiler for
# the sample.
packages=(
  build-essential cmake ninja-build pkg-config python3 clang
  liblief-dev libspdlog-dev libfmt-dev
  linux-libc-dev-arm64-cross linux-libc-dev-riscv64-cross linux-libc-dev-armhf-cross
  linux-libc-dev-i386-cross linux-libc-dev-s390x-cross
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross
)
# What the Windows personality links besides (not with --linux).
windows_packages=(
  nettle-dev libgmp-dev libgnutls28-dev libunistring-dev
  libpng-dev zlib1g-dev libfreetype-dev libfontconfig-dev libexpat1-dev libbrotli-dev libbz2-dev fonts-dejavu-core
  libx11-dev libxext-dev
  # OpenLDAP's client library (static libldap.a and liblber.a): WLDAP32 over a maintained LDAP and
  # BER implementation rather than a codec of polyrun's own; it costs one -dev package and about
  # 0.4 MB of the static executable (Cyrus SASL's archive is not linked: wldap32/sasl_absent.cpp).
  libldap-dev
)
# What the tests need besides.
test_packages=(
  meson libgtest-dev libgmock-dev file bc
  universal-ctags
  g++-aarch64-linux-gnu
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu libc6-dev-riscv64-cross
  gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf libc6-dev-armhf-cross
  gcc-i686-linux-gnu g++-i686-linux-gnu libc6-dev-i386-cross
  gcc-s390x-linux-gnu g++-s390x-linux-gnu libc6-dev-s390x-cross
  qemu-user gdb-multiarch mmdebstrap arch-test systemd-container
  wine64
  pulseaudio
  openssl
  # osslsigncode: signs the file WINTRUST's sample verifies (shims/wintrust/tests/build.cmake).
  osslsigncode
  # slapd: the LDAP server WLDAP32's cases start on the loopback (tests/windows/slapd_server.py),
  # installed unconfigured (debconf's slapd/no_configuration) so that no system server starts.
  slapd
  xvfb xdotool x11-apps xclip
  nsis win32-loader
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 gcc-mingw-w64-i686 g++-mingw-w64-i686 lld llvm
  rustc libstd-rust-dev-windows
  curl ca-certificates
)
[ "$linux" = 1 ] || packages+=("${windows_packages[@]}")
[ "$all" = 0 ] || packages+=("${test_packages[@]}")

if [ "$install" = 1 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    # slapd (a test tool) without a configuration of the system's: no server of its own starts.
    echo "slapd slapd/no_configuration boolean true" | $sudo debconf-set-selections 2>/dev/null || true
    . cmake/debian-mirror.sh
    mapfile -t index_only < <(apt_packages_index_only)
    $sudo apt-get -o DPkg::Lock::Timeout=600 "${index_only[@]}" update -q
    $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

step_done packages

# The CPU engine: Unicorn 2.1, the host's package where it is new enough, else Debian 13's.
if [ "$install" = 1 ]; then cmake/fetch-unicorn.sh; else cmake/fetch-unicorn.sh --no-install; fi
# The tests' second reference for what each ISA's CPU runs: forky's qemu-user (11.1).
if [ "$all" = 1 ] && [ "$install" = 1 ]; then tests/cpu-features/fetch-qemu.sh; fi
step_done engine

# A new build directory is made for Ninja, which keeps both cores busy across the libraries (make
# waits for each directory's last file) and logs each file's compile time (.ninja_log, which
# bench/README.md's table of compile CPU per folder reads); one made earlier keeps its generator.
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then cmake_args+=(-G Ninja); fi
# Said each time: a build directory made with --linux gets the Windows personality at the next run without it.
if [ "$linux" = 1 ]; then cmake_args+=(-DPOLYRUN_WINDOWS=OFF); else cmake_args+=(-DPOLYRUN_WINDOWS=ON); fi
if [ "$all" = 1 ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DBUILD_TESTING=ON -DPOLYRUN_SAMPLES=all "${cmake_args[@]}"
else
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DBUILD_TESTING=OFF -DPOLYRUN_SAMPLES=hello "${cmake_args[@]}"
fi
step_done configure
if [ "$build" = 0 ]; then
  echo "setup.sh: configured $build_dir ($build_type); built nothing ($(step_times))"
  exit 0
fi
if [ "$all" = 1 ]; then
  cmake --build "$build_dir" -j"$(nproc)"
else
  cmake --build "$build_dir" -j"$(nproc)" --target polyrun samples
  # The README's first command runs this sample: say so here if it could not be built.
  hello="$(sed -n 's/^POLYRUN_SAMPLES_OUTPUT_DIR:PATH=//p' "$build_dir/CMakeCache.txt")/aarch64/hello"
  if [ ! -x "$hello" ]; then
    echo "setup.sh: the aarch64 sample $hello was not built (is aarch64-linux-gnu-gcc installed?)" >&2
    exit 1
  fi
fi
step_done build
echo "setup.sh: built $build_dir/polyrun ($build_type) in $SECONDS s ($(step_times))"
