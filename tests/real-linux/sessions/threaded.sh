# Multithreaded programs. Compressors: xz with four worker threads (independent 512 KiB blocks)
# and pigz with four compression threads (no name or time in its header), on the same 2 MB input;
# their output must not depend on the threads' interleaving, and decompression must give the
# input back. Then fzf, a Go program, matching in filter mode on its runtime's threads, preempted by
# signals.
# packages: xz-utils pigz fzf
# reference: qemu
# (qemu-i386 7.2 dies of SIGSEGV in fzf's Go runtime: the native builds are i386's reference.)
# reference-i386: native xz-utils pigz fzf
{ seq 1 200000; seq 1 100000 | sed 's/$/ lines of text that compress well/'; } | head -c 2000000 > input
sha() { sha256sum "$1" | cut -c1-16; }
echo "input $(wc -c < input) bytes, sha256 $(sha input)"
guest /usr/bin/xz -T4 -3 --block-size=512KiB -c input > input.xz; echo "xz -T4: exit $?, $(wc -c < input.xz) bytes, sha256 $(sha input.xz)"
run /usr/bin/xz -lv input.xz
guest /usr/bin/xz -T4 -dc input.xz > back.xz; echo "xz -T4 -d: exit $?, same as input: $(cmp -s input back.xz && echo yes || echo no)"
guest /usr/bin/pigz -n -p 4 -b 256 -c input > input.gz; echo "pigz -p 4: exit $?, $(wc -c < input.gz) bytes, sha256 $(sha input.gz)"
guest /usr/bin/pigz -dc input.gz > back.gz; echo "pigz -d: exit $?, same as input: $(cmp -s input back.gz && echo yes || echo no)"
# fzf (Go, with cgo: its runtime's threads come from pthread_create) matching in filter mode, long
# enough for the Go runtime to preempt its goroutines with SIGURG (some hundreds of signals, whose
# handler edits the interrupted context to call the runtime's preemption routine).
seq 1 100000 | sed 's/^/item /' > items
run_from items /usr/bin/fzf --filter='99 9'
