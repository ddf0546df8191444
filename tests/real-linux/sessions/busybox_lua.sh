# busybox applets that do not start processes (sort, md5sum, sed, awk, gzip, tar, wc, cut, od,
# hexdump, xxd, strings) and lua5.4 running a script. busybox's od has no `z` suffix in its type
# strings: `-t x1z` fails with any CPU (bb_strtou rejects "1z" and returns UINT_MAX, the
# 4294967295 of the message; Debian's amd64 busybox-static prints the same).
# packages: busybox-static lua5.4
# reference: qemu
seq 1 500 | sort -R --random-source=<(yes) > nums.txt
printf 'alpha beta\ngamma delta\nalpha omega\n' > words.txt
mkdir -p dir/sub && printf 'one\n' > dir/a.txt && printf 'two\n' > dir/sub/b.txt
printf 'hello, od\n\001\177\200\377 tab\there\n' > bytes.bin
head -c 61 nums.txt >> bytes.bin
touch -d '2024-01-02 03:04:05' nums.txt words.txt dir/a.txt dir/sub/b.txt dir/sub dir
cat > script.lua <<'LUA'
local t = {}
for w in io.lines("words.txt") do for x in w:gmatch("%a+") do t[#t + 1] = x end end
table.sort(t)
print(table.concat(t, ","))
local counts = {}
for _, w in ipairs(t) do counts[w] = (counts[w] or 0) + 1 end
print(counts.alpha, string.format("%.3f", math.pi), 7 // 2, 2^0.5 > 1.41, utf8.char(228, 8364))
local f = assert(io.open("out.txt", "w")); f:write("written by lua\n"); f:close()
print(io.open("out.txt"):read("a"), select("#", 1, 2, 3), pcall(error, "boom"))
os.exit(5)
LUA

bb=/bin/busybox
run $bb sort -n nums.txt
run $bb md5sum nums.txt words.txt
run $bb sed -e 's/alpha/ALPHA/g' -e '2d' words.txt
run $bb awk '{ s += $1 } END { print s, NR }' nums.txt
run $bb wc nums.txt words.txt
run $bb cut -d ' ' -f 2 words.txt
guest $bb gzip -c words.txt > words.gz; echo "gzip: exit $?"
run $bb gzip -dc words.gz
run $bb tar cf t.tar dir
run $bb tar tf t.tar
run $bb od -A x -t x1z bytes.bin
run $bb od -A x -t x1 bytes.bin
run $bb od -A d -t d2 -t o4 bytes.bin
run $bb od -A n -t u8 -t x8 bytes.bin
run $bb od -t xC -t dL -j 5 -N 40 bytes.bin
run $bb od -t f4 -t f8 -N 32 bytes.bin
run $bb od -b -c -x bytes.bin
run $bb od -v -t a bytes.bin
run $bb od -t x3 bytes.bin
run $bb od -t q bytes.bin
run $bb hexdump -C bytes.bin
run $bb xxd -g 4 bytes.bin
run $bb strings -n 3 bytes.bin
run $bb nosuchapplet
run /usr/bin/lua5.4 script.lua
cat out.txt
