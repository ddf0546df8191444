#!/usr/bin/env bash
# A session with esbuild 0.19.12 (a Go 1.20 program, from the npm package @esbuild/win32-x64) in
# its serve mode: Go's net/http on Go's network poller, which runs on a completion port (AcceptEx,
# WSARecv and WSASend, GetQueuedCompletionStatusEx). esbuild bundles a script and serves it and a
# directory on loopback, on a port of its choosing, until its standard input closes; curl fetches
# a page, the bundle, a 1 MiB file, three requests over one kept-alive connection, 24 requests
# eight at a time and a missing file.
#   esbuild_serve-session.sh x64 RUNNER...
# Exit status 77 when the package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$("$here/fetch-npm.sh" @esbuild/win32-x64 0.19.12 4f54323d20c2c8c5da3b7a7306417de84f3132489161b5046400dddbd4b23c669bab131588da228be35c2bb79624012853a459c849b99554888d399c76807d1c) || exit $?
exe=$pkg/esbuild.exe
shift
runner=("$@")
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mkdir www
printf '<!doctype html>\n<title>served</title>\n<script src="/out/app.js"></script>\n' > www/index.html
printf 'import { twice } from "./lib.js";\nconsole.log(twice(21));\n' > www/app.js
printf 'export function twice(n) {\n  return n * 2;\n}\n' > www/lib.js
for ((i = 0; i < 65536; i++)); do printf '%015d\n' "$i"; done > www/data.bin
win=$(printf 'Z:%s' "$work" | tr / '\\')

mkfifo stdin
"${runner[@]}" "$exe" www/app.js --bundle "--outdir=$win\\www\\out" --serve=127.0.0.1:0 "--servedir=$win\\www" \
  < stdin > log 2>&1 &
pid=$!
exec 8> stdin  # esbuild serves while this stays open
port=
for ((i = 0; i < 200; i++)); do
  port=$(sed -n 's|.*Local: *http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' log)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "esbuild did not start serving:"
  cat log
  exit 1
fi
url=http://127.0.0.1:$port
echo "serving on 127.0.0.1"

for path in / /out/app.js; do
  printf '$ GET %s\n' "$path"
  curl -s -m 20 -w '[%{http_code}]\n' "$url$path"
done
printf '$ GET /data.bin\n'
curl -s -m 20 -o got.bin -w '[%{http_code}] ' "$url/data.bin"
cmp -s got.bin www/data.bin && echo "$(stat -c %s got.bin) bytes, the file's" || echo "different bytes"
printf '$ GET /index.html three times over one connection\n'
curl -s -m 20 -w '%{http_code}, new connections %{num_connects}\n' -o /dev/null "$url/index.html" -o /dev/null "$url/index.html" -o /dev/null "$url/index.html"
printf '$ GET /out/app.js 24 times, 8 at a time\n'
seq 24 | xargs -P 8 -I{} curl -s -m 20 -o /dev/null -w '%{http_code}\n' "$url/out/app.js" | sort | uniq -c | sed 's/^ *//'
printf '$ HEAD /missing\n'
curl -s -m 20 -I -o /dev/null -w '[%{http_code}]\n' "$url/missing"

exec 8>&-  # end of input: esbuild stops
wait "$pid"
status=$?
pid=
printf '[exit %d]\n' "$status"
