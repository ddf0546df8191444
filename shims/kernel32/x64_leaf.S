// KERNEL32's critical sections as Win64 code for natively running x64 programs: entering one no
// other thread holds, entering again, trying, and leaving one nobody waits for happen here, in the
// program's own calling convention, without a crossing into polyrun — as in Windows' ntdll, whose
// RtlEnterCriticalSection is user code that makes a system call only to wait or wake. Bound straight
// into the import table like msvcrt/x64_leaf.S's functions, with the same rules: only rax, rcx, rdx,
// r8–r11 are changed and nothing is put on the stack before the last access to the program's
// structure, so a bad pointer faults with the program's return address at [rsp] and exception
// dispatch steps out by it (the range KERNEL32 registers in WindowsProcess::leaf_code).
//
// The protocol is core/waitables.cpp's (enter_critical_section, leave_critical_section): in the x64 CRITICAL_SECTION, LockCount
// (offset 8) is a futex word, 0 free, 1 held, 2 held and waited for (and -1 free too, as Windows'
// static initializers, { debug, -1, 0, 0, 0, 0 }, leave a section never entered); RecursionCount (12) how often
// the owner entered; OwningThread (16) the owner's thread id, the TEB's ClientId.UniqueThread
// (gs:0x48). What these cannot finish alone — a wait — is left, with the structure untouched, to
// the function's thunk (its address in polyrun_kernel32_enter_slow, set when the import is bound),
// which spins and waits as a direct call; a leave that finds a waiter wakes one with the futex
// system call itself. While the process has a single thread (polyrun_process_threads 0, a word of
// core/windows_threads.cpp's set to 1 before the second one starts, by the only one, which is then in none of these), no other
// thread can touch the structure and the word is changed without a bus lock, as glibc's own
// locks do in a single-threaded process.
//
//   void EnterCriticalSection(CRITICAL_SECTION* cs)      rcx
//   BOOL TryEnterCriticalSection(CRITICAL_SECTION* cs)   rcx
//   void LeaveCriticalSection(CRITICAL_SECTION* cs)      rcx

        .data
        .p2align 3
        .globl  polyrun_kernel32_enter_slow
polyrun_kernel32_enter_slow:
        .quad   0

        .text
        .p2align 4
        .globl  polyrun_kernel32_leaf_begin
polyrun_kernel32_leaf_begin:

        .globl  polyrun_kernel32_EnterCriticalSection
        .type   polyrun_kernel32_EnterCriticalSection, @function
polyrun_kernel32_EnterCriticalSection:
        movl    %gs:0x48, %edx          // this thread's id
        cmpl    %edx, 16(%rcx)
        je      2f                      // its own: once more
        cmpl    $0, polyrun_process_threads(%rip)
        jne     3f
        cmpl    $0, 8(%rcx)             // a single thread: held means never to be left
        je      5f
        cmpl    $-1, 8(%rcx)            // (free as a static initializer leaves it)
        jne     1f
5:      movl    $1, 8(%rcx)
        jmp     4f
3:      xorl    %eax, %eax
        movl    $1, %r8d
        lock cmpxchgl %r8d, 8(%rcx)     // free (0) → held (1)
        je      4f
        cmpl    $-1, %eax               // free as a static initializer leaves it (-1) → held
        jne     1f
        lock cmpxchgl %r8d, 8(%rcx)
        jne     1f
4:      movl    %edx, 16(%rcx)
        movl    $1, 12(%rcx)
        ret
2:      incl    12(%rcx)
        ret
1:      jmpq    *polyrun_kernel32_enter_slow(%rip)  // held by another: spin, then wait

        .globl  polyrun_kernel32_TryEnterCriticalSection
        .type   polyrun_kernel32_TryEnterCriticalSection, @function
polyrun_kernel32_TryEnterCriticalSection:
        movl    %gs:0x48, %edx
        cmpl    %edx, 16(%rcx)
        je      2f
        cmpl    $0, polyrun_process_threads(%rip)
        jne     3f
        cmpl    $0, 8(%rcx)
        je      5f
        cmpl    $-1, 8(%rcx)
        jne     1f
5:      movl    $1, 8(%rcx)
        jmp     4f
3:      xorl    %eax, %eax
        movl    $1, %r8d
        lock cmpxchgl %r8d, 8(%rcx)
        je      4f
        cmpl    $-1, %eax
        jne     1f
        lock cmpxchgl %r8d, 8(%rcx)
        jne     1f
4:      movl    %edx, 16(%rcx)
        movl    $1, 12(%rcx)
        movl    $1, %eax
        ret
2:      incl    12(%rcx)
        movl    $1, %eax
        ret
1:      xorl    %eax, %eax              // held by another thread: FALSE
        ret

        .globl  polyrun_kernel32_LeaveCriticalSection
        .type   polyrun_kernel32_LeaveCriticalSection, @function
polyrun_kernel32_LeaveCriticalSection:
        decl    12(%rcx)
        jg      1f                      // entered more than once: still held
        jl      3f                      // left more often than entered (the program's error)
        movl    $0, 16(%rcx)            // no owner
        cmpl    $0, polyrun_process_threads(%rip)
        jne     4f
        decl    8(%rcx)                 // a single thread: held (1) → free (0)
        jnz     2f
        ret
4:      lock decl 8(%rcx)               // held (1) → free (0)
        jnz     2f                      // it was 2: a thread waits
1:      ret
2:      movl    $0, 8(%rcx)             // free, then wake one waiter: futex(&LockCount,
        pushq   %rdi                    // FUTEX_WAKE_PRIVATE, 1); rdi and rsi are the program's
        pushq   %rsi
        leaq    8(%rcx), %rdi
        movl    $129, %esi
        movl    $1, %edx
        movl    $202, %eax
        syscall
        popq    %rsi
        popq    %rdi
        ret
3:      movl    $0, 12(%rcx)
        ret

        .globl  polyrun_kernel32_leaf_end
polyrun_kernel32_leaf_end:
        .section .note.GNU-stack, "", @progbits
