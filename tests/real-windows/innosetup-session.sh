#!/usr/bin/env bash
# A session with Inno Setup 6.3.1 (Delphi, i686; the npm package innosetup-compiler 6.3.1 carries
# its command-line compiler ISCC.exe): a script with files, LZMA2 compression and a [Code]
# function compiled into a setup program; that setup installed silently (/VERYSILENT
# /SUPPRESSMSGBOXES /DIR=…), which unpacks its second stage and runs it as a child process; the
# uninstaller it leaves run silently; and a script with a syntax error. The transcript records what
# holds by Inno Setup's documentation (ISCC's exit codes 0 and 2, the files installed byte for
# byte as the sources, the logs' lines of the [Code] function and of the installation's and the
# uninstallation's ends, the uninstaller removing what was installed), not the compiler's timings
# or paths.
#   innosetup-session.sh ISA RUNNER...   ISA: x86
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shift
pkg=$("$here/fetch-npm.sh" innosetup-compiler 6.3.1 4329f0ed78efed937f6de06f4bb2adf902f9d10fd96dfedc2431d99b19b035bc6a819116099fb9b60802ea7685e228fff4fa917e9bc33f579c64b170bacbba2f) || exit $?
iscc=$pkg/bin/ISCC.exe
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir -p src
printf 'the first file\r\n' > src/one.txt
head -c 100000 /dev/zero | tr '\0' 'x' > src/two.dat
cat > app.iss <<'ISS'
[Setup]
AppName=PolyrunSample
AppVersion=1.2.3
DefaultDirName={autopf}\PolyrunSample
DefaultGroupName=PolyrunSample
OutputDir=out
OutputBaseFilename=setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
Uninstallable=yes

[Files]
Source: "src\one.txt"; DestDir: "{app}"
Source: "src\two.dat"; DestDir: "{app}\data"

[Code]
function AddNums(A, B: Integer): Integer;
begin
  Result := A + B;
end;

function InitializeSetup(): Boolean;
begin
  Log('AddNums=' + IntToStr(AddNums(2, 3)));
  Result := AddNums(2, 3) = 5;
end;
ISS
sed 's/Result := A + B;/Result := A + ;/' app.iss > bad.iss

echo '$ ISCC.exe app.iss'
"$@" "$iscc" app.iss > iscc.out 2>&1
echo "[exit $?]"
echo "Successful compile: $(grep -q 'Successful compile' iscc.out && echo yes || echo no)"
echo "out/setup.exe a Windows program: $(head -c 2 out/setup.exe 2>/dev/null)"

echo '$ setup.exe /VERYSILENT /SUPPRESSMSGBOXES /DIR=inst /LOG=setup.log'
"$@" --headless out/setup.exe /VERYSILENT /SUPPRESSMSGBOXES /DIR=inst /LOG=setup.log > /dev/null 2>&1
echo "[exit $?]"
for f in one.txt data/two.dat; do
  echo "inst/$f is src/${f#data/}: $(cmp -s "inst/$f" "src/${f#data/}" && echo yes || echo no)"
done
echo "an uninstaller: $([ -f inst/unins000.exe ] && [ -f inst/unins000.dat ] && echo yes || echo no)"
for line in 'AddNums=5' 'Installation process succeeded.'; do
  echo "the log says $line: $(grep -qF "$line" setup.log && echo yes || echo no)"
done

# The uninstaller runs a copy of itself from the temporary directory (its second phase), which
# does the work and writes the log; the first one's own exit code is left out.
echo '$ inst\unins000.exe /VERYSILENT /SUPPRESSMSGBOXES /LOG=uninstall.log'
"$@" --headless inst/unins000.exe /VERYSILENT /SUPPRESSMSGBOXES /LOG=uninstall.log > /dev/null 2>&1
for _ in $(seq 50); do [ -e inst ] || break; sleep 0.2; done
echo "the log says Uninstallation process succeeded.: $(grep -qF 'Uninstallation process succeeded.' uninstall.log 2>/dev/null && echo yes || echo no)"
echo "inst removed: $([ -e inst ] && echo no || echo yes)"

echo '$ ISCC.exe bad.iss'
"$@" "$iscc" bad.iss > bad.out 2>&1
echo "[exit $?]"
grep -o 'Error on line [0-9]* in .*bad.iss: Column [0-9]*:' bad.out | sed 's/ in .*bad.iss:/ in bad.iss:/'
