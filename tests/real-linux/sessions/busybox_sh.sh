# busybox sh running scripts: pipelines, command substitution, loops, exit statuses, subshells,
# redirections, `read` from a pipe, functions, here-documents, EXIT traps, traps on signals the
# shell sends itself or gets from a child or a timer (`kill`, `sleep` interrupted), and `exit N`. Its commands are
# child processes (fork, and execve of busybox itself or of programs in the root), which
# qemu-aarch64 starts from the host's paths (its execve ignores -L: `cat` is the host's GNU cat):
# the reference is Debian's amd64 busybox.
# packages: busybox-static
# reference: native busybox-static
printf 'banana\napple\ncherry\napple\n' > fruit.txt
cat > script.sh <<'SH'
count=0
while read -r line; do
  count=$((count + 1))
  echo "$count: $line"
done < fruit.txt
echo "lines: $count"
f() { echo "f got $# args: $*"; return 3; }
f a "b c" d
echo "f returned $?"
case "$(echo hello | tr a-z A-Z)" in
  HEL*) echo "case matched" ;;
  *) echo "case missed" ;;
esac
set -- one two three
shift
echo "after shift: $1 ($#)"
trap 'echo "trap on exit, status $?"' EXIT
exit 4
SH
bb=/bin/busybox
run $bb sh -c 'echo one two | tr a-z A-Z; echo "status $?"'
run $bb sh -c 'x=$(echo inner; echo second); echo "[$x]"; y=`printf "%s-" a b c`; echo "$y"'
run $bb sh -c 'for i in 3 1 2; do echo $i; done | sort -n | tr "\n" " "; echo'
run $bb sh -c 'i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i = 3 ] && continue; printf "%d," $i; done; echo'
run $bb sh -c 'false; echo "false: $?"; true; echo "true: $?"; (exit 7); echo "subshell: $?"; ! true; echo "negated: $?"'
run $bb sh -c 'a=outer; (a=inner; echo "in: $a"); echo "out: $a"; { a=group; }; echo "group: $a"'
run $bb sh -c 'echo to-file > out.txt; echo more >> out.txt; cat < out.txt; wc -l < out.txt; echo err >&2; ls nosuch 2>/dev/null || echo "ls failed"'
run $bb sh -c 'exec 3> fd3.txt; echo via-fd3 >&3; exec 3>&-; cat fd3.txt; cat nosuch 2>&1 | sed "s/^/piped: /"'
run $bb sh -c 'printf "a b\nc d\n" | while read x y; do echo "x=$x y=$y"; done; echo last | { read v; echo "read: $v"; }'
run $bb sh -c 'sort fruit.txt | uniq -c | sort -rn | head -n 1; grep -c apple fruit.txt; echo "pipe status: $?"'
run $bb sh -c 'cat <<EOF
here-doc $((6 * 7)) $(echo nested)
EOF
echo done'
run $bb sh -c 'echo start; exit 42; echo never'
run $bb sh -c 'sh -c "exit 9"; echo "child: $?"; $0 -c "echo nested shell"; echo $((1 + $(echo 2) * 3))'
run $bb sh -c 'ok() { return 0; }; if ok && [ -f fruit.txt ] && ! [ -d fruit.txt ]; then echo "tests pass"; fi; test 2 -gt 3 || echo "2 > 3 is false"'
run $bb sh -c 'gzip -c fruit.txt | gzip -dc | md5sum; echo $(seq 1 5) | awk "{ print \$1 + \$5 }"'
run $bb sh -c 'nosuchcommand; echo "status $?"'
run $bb sh script.sh
run_from script.sh $bb sh -s
run $bb sh -c 'exit 300'
run $bb sh -c 'trap "echo caught USR1" USR1; kill -USR1 $$; echo "after kill"; trap "echo caught TERM; exit 3" TERM; kill -TERM $$; echo never'
run $bb sh -c 'trap "echo child signalled the shell" HUP; sh -c "kill -HUP $$"; echo "status $?"; trap - HUP; trap "" INT; kill -INT $$; echo "INT ignored"'
run $bb sh -c 'trap "echo alarm" ALRM; (sleep 1; kill -ALRM $$) & wait; echo "wait ended: $?"'
# ash reports "Terminated" only when the child dies after `wait` has started blocking, which is a
# race natively too (with the machine loaded, native busybox omits it): the report is left out.
run $bb sh -c 'sleep 5 & pid=$!; kill $pid; wait $pid 2>/dev/null; echo "killed child: $?"'
