#!/usr/bin/env bash
# A session with vsce-sign 2.0.6 (C# built with .NET native AOT, x64: the tool @vscode/vsce signs
# extensions with): generatemanifest over a small extension package made here (a zip with fixed
# names, contents and times, so its bytes are the same on every machine) writes the package's and
# each entry's size and SHA-256 digest as JSON. Its garbage collector walks the stacks with
# RtlVirtualUnwind (context pointers, epilogs).
#   vsce-sign-session.sh ISA RUNNER...   ISA: x64
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shift
pkg=$("$here/fetch-npm.sh" @vscode/vsce-sign-win32-x64 2.0.6 9a0b61f4abf37bebbc0abb98326847c3a660cb71915f64be11de684a890310ae6f3c4c0618a9e6b97b9af6d98586899e0278602672f80c29dadd388db86ac14d) || exit $?
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("ext.vsix", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in [("extension.vsixmanifest", "<PackageManifest Version=\"2.0.0\"/>\n"),
                       ("extension/package.json", "{\"name\": \"sample\"}\n"),
                       ("extension/readme.md", "# sample\n")]:
        z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text)
PY
echo "\$ vsce-sign generatemanifest -p ext.vsix -o manifest.json"
"$@" "$pkg/bin/vsce-sign.exe" generatemanifest -p ext.vsix -o manifest.json > out.txt 2>&1
echo "[exit $?]"
echo "manifest.json:"
cat manifest.json 2>/dev/null || echo "(none)"
echo
