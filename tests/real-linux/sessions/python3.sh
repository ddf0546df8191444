# python3 (Debian's python3): the interpreter and its standard library from the root —
# imports and their bytecode cache, an extension module loaded with dlopen (_hashlib, over
# OpenSSL's libcrypto), threads, files and directories, JSON from stdin, exceptions and exit
# statuses.
# packages: python3
# reference: qemu
printf '{"b": [1, 2, {"c": null}], "a": "text", "n": 1.5e3}\n' > data.json
mkdir -p tree/sub && printf 'x\n' > tree/one.txt && printf 'yy\n' > tree/sub/two.txt
cat > script.py <<'PY'
import collections, datetime, hashlib, json, math, os, random, re, struct, threading
print(hashlib.sha256(b"polyrun").hexdigest()[:16], hashlib.md5(b"polyrun").hexdigest()[:16],
      hashlib.sha3_256(b"polyrun").hexdigest()[:16])
print(struct.pack("<IhQ", 7, -2, 1 << 40).hex(), struct.unpack(">d", struct.pack(">d", math.pi))[0])
print(math.factorial(25), math.gcd(1071, 462), round(math.sqrt(2), 12), math.isclose(0.1 + 0.2, 0.3))
random.seed(12345)
print([random.randrange(1000) for _ in range(5)], random.random())
print(datetime.datetime(2024, 2, 29, 13, 45).strftime("%A %d %B %Y %H:%M"),
      datetime.date(2024, 1, 1) + datetime.timedelta(days=400))
print(collections.Counter("mississippi").most_common(3), re.findall(r"(\w)\1", "aabbcdde"))
total = [0]
lock = threading.Lock()
def work(n):
    s = sum(i * i for i in range(n))
    with lock:
        total[0] += s
threads = [threading.Thread(target=work, args=(20000 + k,)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print("threads", total[0])
for root, dirs, files in sorted(os.walk("tree")):
    print(root, sorted(dirs), sorted(files), [os.path.getsize(os.path.join(root, f)) for f in sorted(files)])
with open("out.txt", "w") as f:
    f.write(json.dumps({"k": [1, 2, 3]}, sort_keys=True))
print(open("out.txt").read())
PY
cat > mod.py <<'PY'
VALUE = 42
PY
run /usr/bin/python3 script.py
run /usr/bin/python3 -m py_compile mod.py
run /usr/bin/python3 -c 'import mod, os; print(mod.VALUE, [f.split(".")[0] for f in os.listdir("__pycache__")])'
run_from data.json /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(sorted(d), d["n"])'
run /usr/bin/python3 -c 'raise ValueError("boom")'
run /usr/bin/python3 -c 'import sys; print("leaving"); sys.exit(7)'
