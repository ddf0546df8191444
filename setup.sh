#!/usr/bin/env bash
# Installs polyrun's build and test dependencies from Debian 12 packages, then configures and
# builds it.  Usage: ./setup.sh [--debug] [--no-install] [--build-dir DIR]
#   --debug       Debug build with AddressSanitizer/UBSan (build dir defaults to build-debug)
#   --tsan        Debug build with ThreadSanitizer (build dir defaults to build-tsan)
#   --no-install  skip apt-get (everything is installed already)
set -euo pipefail
cd "$(dirname "$0")"

build_type=Release
sanitizer=""
build_dir=""
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) build_type=Debug ;;
    --tsan) build_type=Debug sanitizer=tsan ;;
    --no-install) install=0 ;;
    --build-dir) build_dir="$2"; shift ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$build_dir" ]; then
  if [ "$sanitizer" = tsan ]; then build_dir=build-tsan
  elif [ "$build_type" = Debug ]; then build_dir=build-debug
  else build_dir=build; fi
fi
cmake_args=()
[ "$sanitizer" = tsan ] && cmake_args=(-DPOLYRUN_ASAN=OFF -DPOLYRUN_TSAN=ON)

packages=(
  build-essential cmake pkg-config ninja-build meson
  liblief-dev libffi-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu libc6-dev-riscv64-cross linux-libc-dev-riscv64-cross
  gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf libc6-dev-armhf-cross linux-libc-dev-armhf-cross
  gcc-i686-linux-gnu g++-i686-linux-gnu libc6-dev-i386-cross linux-libc-dev-i386-cross
  gcc-s390x-linux-gnu g++-s390x-linux-gnu libc6-dev-s390x-cross linux-libc-dev-s390x-cross
  qemu-user gdb-multiarch
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 gcc-mingw-w64-i686 g++-mingw-w64-i686 clang lld llvm
  rustc libstd-rust-dev-windows
  curl ca-certificates python3
)

if [ "$install" = 1 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -q
    $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# The CPU engine: Unicorn 2.1, the host's package where it is new enough, else Debian 13's.
if [ "$install" = 1 ]; then cmake/fetch-unicorn.sh; else cmake/fetch-unicorn.sh --no-install; fi

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" "${cmake_args[@]}"
cmake --build "$build_dir" -j"$(nproc)"
echo "setup.sh: built $build_dir/polyrun ($build_type)"
