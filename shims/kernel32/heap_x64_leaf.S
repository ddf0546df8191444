// KERNEL32's HeapAlloc and HeapFree of the process heap as Win64 code for natively running x64
// programs (Rust's allocator, for one, calls them for every block): blocks of up to 4 KiB come from
// and go to the thread's heap cache as msvcrt/x64_leaf.S's malloc and free do (core/heap_cache_x64.inc),
// with the same rules (only rax, rcx, rdx, r8–r11 changed, nothing on the stack). Another heap,
// flags other than HEAP_NO_SERIALIZE (HEAP_ZERO_MEMORY, HEAP_GENERATE_EXCEPTIONS), a larger block or
// an empty list go, with the arguments as they came, to the function's thunk (its address in
// polyrun_kernel32_HeapAlloc_slow / _HeapFree_slow, set when the import is bound).
//
//   void* HeapAlloc(HANDLE heap, DWORD flags, SIZE_T n)   rcx, edx, r8
//   BOOL HeapFree(HANDLE heap, DWORD flags, void* p)      rcx, edx, r8

#include "shims/core/heap_cache_x64.inc"

        .data
        .p2align 3
        .globl  polyrun_kernel32_HeapAlloc_slow
polyrun_kernel32_HeapAlloc_slow:
        .quad   0
        .globl  polyrun_kernel32_HeapFree_slow
polyrun_kernel32_HeapFree_slow:
        .quad   0

        .text
        .p2align 4
        .globl  polyrun_kernel32_heap_leaf_begin
polyrun_kernel32_heap_leaf_begin:

        .globl  polyrun_kernel32_HeapAlloc
        .type   polyrun_kernel32_HeapAlloc, @function
polyrun_kernel32_HeapAlloc:
        cmpq    polyrun_process_heap(%rip), %rcx
        jne     9f
        testl   $-2, %edx               // only HEAP_NO_SERIALIZE
        jnz     9f
        movq    %rcx, %r10              // the heap and the flags, for the thunk
        movl    %edx, %r11d
        movq    %r8, %rcx
        HEAP_CACHE_TAKE 8f
        ret
8:      movq    %rcx, %r8               // the arguments as they came
        movq    %r10, %rcx
        movl    %r11d, %edx
9:      jmpq    *polyrun_kernel32_HeapAlloc_slow(%rip)
        .size   polyrun_kernel32_HeapAlloc, .-polyrun_kernel32_HeapAlloc

        .p2align 4
        .globl  polyrun_kernel32_HeapFree
        .type   polyrun_kernel32_HeapFree, @function
polyrun_kernel32_HeapFree:
        cmpq    polyrun_process_heap(%rip), %rcx
        jne     9f
        testl   $-2, %edx
        jnz     9f
        testq   %r8, %r8
        jz      1f                      // HeapFree(heap, 0, NULL): TRUE
        movq    %rcx, %r10
        movl    %edx, %r11d
        movq    %r8, %rcx
        HEAP_CACHE_GIVE 8f
1:      movl    $1, %eax
        ret
8:      movq    %rcx, %r8
        movq    %r10, %rcx
        movl    %r11d, %edx
9:      jmpq    *polyrun_kernel32_HeapFree_slow(%rip)
        .size   polyrun_kernel32_HeapFree, .-polyrun_kernel32_HeapFree

        .globl  polyrun_kernel32_heap_leaf_end
polyrun_kernel32_heap_leaf_end:

        .section .note.GNU-stack, "", @progbits
