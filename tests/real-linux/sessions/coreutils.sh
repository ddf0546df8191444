# GNU coreutils: sorting, checksums, listings of files whose sizes, modes and times the session
# sets, dates in a fixed time zone, text filters, stat formats, copies, moves and removals, and
# failing commands' statuses, and timeout ending a child.
# packages: coreutils tzdata
# reference: qemu
export TZ=Europe/Berlin
printf 'pear 3 green\napple 12 red\nfig 7 purple\napple 2 green\nkiwi 12 brown\nfig 7 purple\n' > fruit.txt
printf '10\n9\n100\n-3\n2.5\n9\n' > numbers.txt
# Files to list, with sizes, modes and times set here (the directory's own time too).
mkdir tree tree/sub
printf 'x' > tree/one.txt
head -c 3000 /dev/zero | tr '\0' 'a' > tree/big.txt
cp fruit.txt tree/fruit.txt
ln -s fruit.txt tree/link
chmod 640 tree/fruit.txt
chmod 600 tree/one.txt
chmod 750 tree/sub
touch -d '2024-02-29 12:34:56 UTC' tree/fruit.txt tree/big.txt tree/sub
touch -d '2022-12-31 23:59:59.5 UTC' tree/one.txt
touch -h -d '2023-07-01 00:00:00 UTC' tree/link
touch -d '2021-01-01 00:00:00 UTC' tree
u=/usr/bin b=/bin  # Debian's coreutils keeps ls, date, cat… in /bin
run $u/sort fruit.txt
run $u/sort -k2,2n -k1,1 fruit.txt
run $u/sort -u -k1,1 fruit.txt
run $u/sort -t ' ' -k3 -r fruit.txt
run $u/sort -n numbers.txt
run $u/sort -nu numbers.txt
run $u/sha256sum fruit.txt numbers.txt tree/big.txt
run_from fruit.txt $u/sha256sum
printf '%s  fruit.txt\n' 0000000000000000000000000000000000000000000000000000000000000000 > sums.txt
guest $u/sha256sum numbers.txt tree/big.txt >> sums.txt
run $u/sha256sum --check sums.txt
run $b/ls -l --time-style=long-iso tree/fruit.txt tree/one.txt tree/big.txt tree/link tree/sub
run $b/ls -la --time-style=long-iso tree/sub
run $b/ls -lS --time-style=+%Y-%m-%dT%H:%M:%S%z tree
run $b/ls -lt --full-time tree
run $b/ls -1 -F -r tree
run $b/ls -d -l --time-style=long-iso tree
run $b/ls tree/nosuchfile
run $b/date -d '2024-02-29 12:00 UTC' +%s
run $b/date -u -d @1709208000 '+%Y-%m-%d %H:%M:%S %Z %A %j %U'
run $b/date -d '2024-02-29 12:00 UTC' '+%F %T %z %Z %a %b %e %I %p'
run $b/date -d '2024-03-31 01:30 UTC + 1 hour' --rfc-3339=seconds
run $b/date -u -d '1970-01-01 + 19000 days' -R
run $b/date -d 'not a date'
run $u/wc fruit.txt numbers.txt tree/big.txt
run $u/wc -l -c fruit.txt
run $u/head -n 2 fruit.txt
run $u/head -c 5 fruit.txt
run $u/tail -n 2 fruit.txt
run $u/tail -c 4 numbers.txt
run $u/tail -n +5 fruit.txt
run_from fruit.txt $u/tr a-z A-Z
run_from fruit.txt $u/tr -s 'p' 'P'
run_from fruit.txt $u/tr -d 'aeiou'
run $u/cut -d ' ' -f 1,3 fruit.txt
run $u/cut -c 2-4 fruit.txt
run_from fruit.txt $u/uniq -c
guest $u/sort fruit.txt > sorted.txt
run_from sorted.txt $u/uniq -c
run $u/uniq -d sorted.txt
run $u/seq 5
run $u/seq -w 8 3 20
run $u/seq -s , 1.5 0.5 3
run $u/printf '%5d|%-6s|%x|%o|%.3f|%e|%q\n' 42 ab 255 8 3.14159 12345.678 "a b"
run $u/printf '%s\n' "unterminated \\c" never
run $u/stat -c '%n %s %a %A %F %Y %h' tree/fruit.txt tree/one.txt tree/sub tree/link
run $u/stat -L -c '%n %s %F' tree/link
run $u/stat -c '%y|%.3Y|%N' tree/one.txt tree/link
run $u/stat -c '%n' tree/nosuchfile
run $b/cat fruit.txt nosuchfile tree/one.txt
run $b/cat nosuchfile
# Copies, moves and removals, then listings of what they left.
run $b/cp -a tree copy
run $b/ls -lR --time-style=long-iso copy
run $b/cp -r tree/sub tree/fruit.txt copy/sub
run $b/mv copy/sub/fruit.txt copy/moved.txt
run $b/mkdir -p copy/x/y/z
run $b/ln copy/moved.txt copy/hard.txt
run $u/stat -c '%n %h %s' copy/moved.txt copy/hard.txt
run $b/rm -r copy/x copy/nosuch
run $b/rmdir copy/sub/sub copy/sub
run $b/ls -1A copy
run $u/du -a --apparent-size -b copy
run $u/tee t1.txt t2.txt < numbers.txt
run $u/sha256sum t1.txt t2.txt
run $u/split -l 4 -d fruit.txt part_
run $u/tail -n +1 part_00 part_01
run $u/od -A d -t x1z numbers.txt
run $u/base64 fruit.txt
guest $u/base64 fruit.txt > fruit.b64
run $u/base64 -d fruit.b64
run $u/tac numbers.txt
run $u/nl -ba fruit.txt
run $u/paste -d: numbers.txt fruit.txt
printf 'apple 1\nfig 2\n' > left.txt
printf 'apple x\nfig y\nkiwi z\n' > right.txt
run $u/join -a 2 left.txt right.txt
run $u/factor 1234567890 97 1
run $u/numfmt --to=iec 123456789 1024
run $u/expr 6 \* 7 : '[0-9]*'
run $b/dd if=fruit.txt of=dd.out bs=7 count=2 status=none
run $b/cat dd.out
run $u/truncate -s 5 dd.out
run $u/stat -c '%s' dd.out
run $b/chmod 0 dd.out
run $u/test -r dd.out
run $b/rm -f dd.out
run $u/test -e dd.out
# timeout: a timer's SIGALRM reaches its handler, which kills the child; 124 when it expired.
run $u/timeout 0.3 $b/sleep 5
run $u/timeout -s INT 0.3 $b/sleep 5
run $u/timeout 5 $b/echo in time
