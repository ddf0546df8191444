#!/usr/bin/env bash
# A session with ffprobe (an FFmpeg build of 2023-02-13 by gyan.dev, made with mingw-w64 gcc 12 under
# MSYS2; from the npm packages @ffprobe-installer/win32-x64 and -ia32): its version banner, and the
# format and streams of a WAV file it is given, in the default, CSV and JSON writers, with frames
# read; a missing file. stdout and stderr are kept apart in the transcript (their interleaving
# depends on buffering).
#   ffprobe-session.sh ISA RUNNER...   ISA: x64 or ia32
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
case "$isa" in
  x64) sha=8cc198780824add9f87b6bef62dfea6a4807444dc23e3bb86e7e5399d3dfa009b50655f5998f5cc8c77c81fe6f4b323c807f19ab959003202499e917ffc4d24e ;;
  ia32) sha=e4edef3a8351c66badd3f36ef6f49acd37521dab2bafeccf4f60771e6ee48e63b741515c21f548992e917909d9792cbc24f24ea97b6ce645f9c7fdca397e785d ;;
  *) echo "ffprobe-session: ISA is x64 or ia32" >&2; exit 2 ;;
esac
pkg=$("$here/fetch-npm.sh" "@ffprobe-installer/win32-$isa" 5.1.0 "$sha") || exit $?
exe=$pkg/ffprobe.exe
runner=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# One second of 16-bit mono PCM at 8000 Hz: a RIFF/WAVE header, then a ramp of samples.
{
  printf 'RIFF\x64\x3e\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00'
  printf 'data\x40\x3e\x00\x00'
  # (one format string built without a subshell per sample: 16,000 forks took most of the test's time)
  ramp=
  for ((i = 0; i < 8000; i++)); do
    printf -v pair '\\x%02x\\x%02x' $((i & 255)) $(((i >> 4) & 127))
    ramp+=$pair
  done
  printf "$ramp"
} > tone.wav
mkdir -p "Sub Dir"
cp tone.wav "Sub Dir/Copy.WAV"

run() {
  printf '$ ffprobe %s\n' "$*"
  "${runner[@]}" "$exe" "$@" > out.txt 2> err.txt
  local status=$?
  cat out.txt
  echo '--- stderr'
  cat err.txt
  printf '[exit %d]\n' "$status"
}
run -version
run -hide_banner -show_format -show_streams tone.wav
run -hide_banner -v error -show_entries format=duration,size,bit_rate:stream=codec_name,sample_rate -of csv=p=0 tone.wav
run -hide_banner -v error -show_entries stream=codec_name,channels -of json 'Sub Dir\copy.wav'
run -hide_banner -v error -count_frames -show_entries stream=nb_read_frames -of default=nw=1 tone.wav
run -hide_banner missing.wav
