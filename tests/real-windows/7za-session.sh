#!/usr/bin/env bash
# A session with 7-Zip's 7za.exe (a real MSVC-built console program): create, list, test, extract,
# update, rename and delete in 7z, zip and gzip archives, hashes, AES encryption and errors. Prints
# a transcript: each command, its output (stdout and stderr as written) and its exit status, then
# the archives' hashes and a check of the extracted tree.
#   7za-session.sh ISA RUNNER...   ISA: x64 or ia32; RUNNER: polyrun's path, or e.g. wine64
# Exit status 77 when 7za.exe cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
pkg=$("$here/fetch-npm.sh" 7zip-bin 5.2.0 ba44cf561a86e2337332ba36a80f4748249254937768deed95bfa17ea602b77111d325aba1e036551dfc30dace1cb43f7158fe0da20c69dd24142b565a8c21fc) || exit $?
exe=$pkg/win/$isa/7za.exe
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export TZ=UTC LC_ALL=C

# The inputs, with fixed times so that the archives are byte for byte reproducible.
mkdir -p src/sub
printf 'hello world\n' > src/a.txt
seq 1 20000 > src/sub/numbers.txt
head -c 3000 /dev/zero > src/sub/zeros.bin
printf 'second line\r\nwith CRLF\r\n' > src/sub/crlf.txt
settime() { touch -d '2024-01-02 03:04:05' src/a.txt src/sub/* src/sub src; }  # also resets access times
settime

run() {
  printf "\$ %s\n" "$*"
  "$@" 2>&1
  printf '[exit %d]\n' $?
}
z() { run "$@"; }
7za() { "$RUNNER" "${RUNNER_ARGS[@]}" "$exe" "$@"; }
RUNNER=$1
shift
RUNNER_ARGS=("$@")

z 7za i | head -n 12
z 7za a -mmt=off -mmtf=off t.7z src
z 7za l t.7z
z 7za l -slt t.7z
z 7za t t.7z
z 7za x -oout t.7z
z 7za x -so t.7z src/a.txt
z 7za e -so t.7z src/sub/crlf.txt
settime  # zip keeps access times, which reading the files has changed
z 7za a -tzip -mmt=off t.zip src
z 7za l t.zip
z 7za t t.zip
z 7za a -tgzip t.gz src/sub/numbers.txt
z 7za h -scrcSHA256 src/a.txt src/sub/numbers.txt
z 7za h src
z 7za a -mmt=off -mmtf=off -pSecret -mhe=on enc.7z src/a.txt
z 7za t -pWrong enc.7z
z 7za l -pSecret enc.7z
z 7za t missing.7z
cp t.7z u.7z
z 7za rn -mmt=off -mmtf=off u.7z src/sub/zeros.bin src/sub/z.bin
z 7za d -mmt=off -mmtf=off u.7z src/a.txt
z 7za l u.7z
# 7-Zip's multithreaded paths (worker threads started with _beginthreadex, meeting on events,
# semaphores and critical sections): the archives must be the single-threaded runs' bytes.
z 7za a -mmt=4 mt.7z src
z 7za t -mmt=4 mt.7z
z 7za x -mmt=4 -omt mt.7z
settime
z 7za a -tzip -mmt=4 mt.zip src
z 7za x -pSecret -oenc enc.7z
cmp t.7z mt.7z && echo 'mt.7z equals t.7z'
cmp t.zip mt.zip && echo 'mt.zip equals t.zip'
diff -r src mt/src && echo 'mt/src matches src'
cmp src/a.txt enc/src/a.txt && echo 'enc/src/a.txt matches src/a.txt'

echo '--- archives'
sha256sum t.7z t.zip t.gz u.7z
echo '--- extracted tree'
diff -r src out/src && echo 'out/src matches src'
find out/src -printf '%p %TY-%Tm-%Td %TH:%TM:%TS %s\n' | sort
