// The switch between polyrun and natively running x86-64 guest code (see x86_64_native.h).
// Frame offsets: gpr[16] at 0 (rax rcx rdx rbx rsp rbp rsi rdi r8–r15), rip 128, rflags 136,
// mxcsr 144, fpcw 148, xmm0–15 at 160. HostContext: rbx rbp r12–r15 at 0–40, rsp 48, mxcsr 56,
// fpcw 60. The per-thread pointers are reached through FS (local-exec TLS: polyrun's executables
// define them), which guest code leaves alone (its thread block is in GS).

#include "x86_64_native_direct.h"

        .text

// The host's callee-saved registers from the HostContext in %rsi.
        .macro  restore_host_callee_saved
        movq    0(%rsi), %rbx
        movq    8(%rsi), %rbp
        movq    16(%rsi), %r12
        movq    24(%rsi), %r13
        movq    32(%rsi), %r14
        movq    40(%rsi), %r15
        movq    48(%rsi), %rsp
        .endm

// Loads every guest register from the frame in %rdi and jumps to its rip.
        .p2align 4
        .type   native_load_guest, @function
native_load_guest:
        .globl  polyrun_native_load_begin
polyrun_native_load_begin:
        cmpl    $0, %fs:polyrun_native_kick@tpoff
        jne     polyrun_native_interrupt_return
        // The extended state a signal saved (NativeFrame::xstate), once: rax and rdx are loaded
        // below, xmm, mxcsr and the x87 control word are overwritten with the frame's own.
        movq    416(%rdi), %rax
        testq   %rax, %rax
        jz      1f
        movq    $0, 416(%rdi)
        movq    %rax, %rdx
        shrq    $32, %rdx
        xrstor64 512(%rdi)
1:
        ldmxcsr 144(%rdi)
        fldcw   148(%rdi)
        movdqa  160(%rdi), %xmm0
        movdqa  176(%rdi), %xmm1
        movdqa  192(%rdi), %xmm2
        movdqa  208(%rdi), %xmm3
        movdqa  224(%rdi), %xmm4
        movdqa  240(%rdi), %xmm5
        movdqa  256(%rdi), %xmm6
        movdqa  272(%rdi), %xmm7
        movdqa  288(%rdi), %xmm8
        movdqa  304(%rdi), %xmm9
        movdqa  320(%rdi), %xmm10
        movdqa  336(%rdi), %xmm11
        movdqa  352(%rdi), %xmm12
        movdqa  368(%rdi), %xmm13
        movdqa  384(%rdi), %xmm14
        movdqa  400(%rdi), %xmm15
        movq    128(%rdi), %rax
        movq    %rax, %fs:polyrun_native_jump@tpoff
        movl    $1, %fs:polyrun_native_in_guest@tpoff
        pushq   136(%rdi)
        popfq
        movq    0(%rdi), %rax
        movq    8(%rdi), %rcx
        movq    16(%rdi), %rdx
        movq    24(%rdi), %rbx
        movq    32(%rdi), %rsp
        movq    40(%rdi), %rbp
        movq    48(%rdi), %rsi
        movq    64(%rdi), %r8
        movq    72(%rdi), %r9
        movq    80(%rdi), %r10
        movq    88(%rdi), %r11
        movq    96(%rdi), %r12
        movq    104(%rdi), %r13
        movq    112(%rdi), %r14
        movq    120(%rdi), %r15
        movq    56(%rdi), %rdi
        .globl  polyrun_native_load_end
polyrun_native_load_end:
        jmp     *%fs:polyrun_native_jump@tpoff
        .size   native_load_guest, .-native_load_guest

// int polyrun_native_enter(NativeFrame* frame, HostContext* host)
        .p2align 4
        .globl  polyrun_native_enter
        .type   polyrun_native_enter, @function
polyrun_native_enter:
        .cfi_startproc
        endbr64
        movq    %rbx, 0(%rsi)
        movq    %rbp, 8(%rsi)
        movq    %r12, 16(%rsi)
        movq    %r13, 24(%rsi)
        movq    %r14, 32(%rsi)
        movq    %r15, 40(%rsi)
        movq    %rsp, 48(%rsi)
        stmxcsr 56(%rsi)
        fnstcw  60(%rsi)
        jmp     native_load_guest
        .cfi_endproc
        .size   polyrun_native_enter, .-polyrun_native_enter

// Back to polyrun_native_enter's caller with %eax, from the host context in %rsi.
        .p2align 4
        .type   native_leave, @function
native_leave:
        restore_host_callee_saved
        ret
        .size   native_leave, .-native_leave

// Every guest register into the thread's frame, the return address on top of the guest's stack
// popped into rip (the state just after the `ret` of a host call): what a host entry sees.
        .macro  save_guest_state
        movq    %rdi, %fs:polyrun_native_jump@tpoff
        movq    %fs:polyrun_native_frame@tpoff, %rdi
        movq    %rax, 0(%rdi)
        movq    %rcx, 8(%rdi)
        movq    %rdx, 16(%rdi)
        movq    %rbx, 24(%rdi)
        movq    %rbp, 40(%rdi)
        movq    %rsi, 48(%rdi)
        movq    %r8, 64(%rdi)
        movq    %r9, 72(%rdi)
        movq    %r10, 80(%rdi)
        movq    %r11, 88(%rdi)
        movq    %r12, 96(%rdi)
        movq    %r13, 104(%rdi)
        movq    %r14, 112(%rdi)
        movq    %r15, 120(%rdi)
        movq    %fs:polyrun_native_jump@tpoff, %rax
        movq    %rax, 56(%rdi)
        pushfq
        popq    136(%rdi)
        popq    128(%rdi)            // the return address the guest's call pushed
        movq    %rsp, 32(%rdi)
        stmxcsr 144(%rdi)
        fnstcw  148(%rdi)
        movdqa  %xmm0, 160(%rdi)
        movdqa  %xmm1, 176(%rdi)
        movdqa  %xmm2, 192(%rdi)
        movdqa  %xmm3, 208(%rdi)
        movdqa  %xmm4, 224(%rdi)
        movdqa  %xmm5, 240(%rdi)
        movdqa  %xmm6, 256(%rdi)
        movdqa  %xmm7, 272(%rdi)
        movdqa  %xmm8, 288(%rdi)
        movdqa  %xmm9, 304(%rdi)
        movdqa  %xmm10, 320(%rdi)
        movdqa  %xmm11, 336(%rdi)
        movdqa  %xmm12, 352(%rdi)
        movdqa  %xmm13, 368(%rdi)
        movdqa  %xmm14, 384(%rdi)
        movdqa  %xmm15, 400(%rdi)
        .endm

// Reached by a `call` from guest code (a host-call thunk); every guest register is live.
        .p2align 4
        .globl  polyrun_native_host_entry
        .type   polyrun_native_host_entry, @function
polyrun_native_host_entry:
        endbr64
        movl    $0, %fs:polyrun_native_in_guest@tpoff  // (an interrupt now waits for the dispatch)
        save_guest_state
// Serves the frame: the host's stack (just below polyrun_native_enter's return address: 16-byte
// aligned at the call below), callee-saved registers and floating-point controls come back, and
// the dispatcher runs. The fault handler sends a direct call that faulted here too.
        .globl  polyrun_native_dispatch_frame
polyrun_native_dispatch_frame:
        movq    %fs:polyrun_native_frame@tpoff, %rdi
        movq    %fs:polyrun_native_host@tpoff, %rsi
        restore_host_callee_saved
        subq    $8, %rsp
        ldmxcsr 56(%rsi)
        fldcw   60(%rsi)
        cld
        call    polyrun_native_dispatch
        movq    %fs:polyrun_native_host@tpoff, %rsi
        testl   %eax, %eax
        jnz     native_leave
        movq    %fs:polyrun_native_frame@tpoff, %rdi
        jmp     native_load_guest
        .size   polyrun_native_host_entry, .-polyrun_native_host_entry

// Reached by a `call` from a direct host-call thunk: calls the host function that the direct
// table holds for the thunk (POLYRUN_NATIVE_DIRECT_TABLE bytes after it) on the host stack, as
// System V code: the Win64 arguments rcx, rdx, r8, r9 in rdi, rsi, rdx, rcx, the address of the
// fifth one's stack slot in r8, xmm0–3 as they are. Back in the guest, rax and xmm0 are what the
// function returned, and the registers Win64 keeps across a call (rbx, rbp, rsi, rdi, r12–r15,
// xmm6–15) are what they were. The frame holds those, the argument registers (xmm0–3 too) and the
// stack as at the call, for a fault in the function (the handler makes it the state of a host
// entry) or a call the function wants made through the dispatcher instead.
        .p2align 4
        .globl  polyrun_native_direct_entry
        .type   polyrun_native_direct_entry, @function
polyrun_native_direct_entry:
        endbr64
        movl    $2, %fs:polyrun_native_in_guest@tpoff  // (an interrupt now waits for the return)
        movq    %fs:polyrun_native_frame@tpoff, %rax
        movq    %rcx, 8(%rax)
        movq    %rdx, 16(%rax)
        movq    %rbx, 24(%rax)
        movq    %rsp, 32(%rax)       // the return address on top
        movq    %rbp, 40(%rax)
        movq    %rsi, 48(%rax)
        movq    %rdi, 56(%rax)
        movq    %r8, 64(%rax)
        movq    %r9, 72(%rax)
        movq    %r12, 96(%rax)
        movq    %r13, 104(%rax)
        movq    %r14, 112(%rax)
        movq    %r15, 120(%rax)
        movdqa  %xmm0, 160(%rax)
        movdqa  %xmm1, 176(%rax)
        movdqa  %xmm2, 192(%rax)
        movdqa  %xmm3, 208(%rax)
        movdqa  %xmm6, 256(%rax)
        movdqa  %xmm7, 272(%rax)
        movdqa  %xmm8, 288(%rax)
        movdqa  %xmm9, 304(%rax)
        movdqa  %xmm10, 320(%rax)
        movdqa  %xmm11, 336(%rax)
        movdqa  %xmm12, 352(%rax)
        movdqa  %xmm13, 368(%rax)
        movdqa  %xmm14, 384(%rax)
        movdqa  %xmm15, 400(%rax)
        movq    %rcx, %rdi
        movq    %rdx, %rsi
        movq    %r8, %rdx
        movq    %r9, %rcx
        leaq    40(%rsp), %r8        // [rsp] return address, 32 bytes of shadow space, argument 5
        movq    (%rsp), %r9          // the thunk's address + 5
        movq    %fs:polyrun_native_host@tpoff, %r10
        movq    48(%r10), %rsp
        subq    $8, %rsp
        call    *(POLYRUN_NATIVE_DIRECT_TABLE - 5)(%r9)
        cmpl    $0, %fs:polyrun_native_direct_redo@tpoff
        jne     native_direct_redo
        movq    %fs:polyrun_native_frame@tpoff, %rdi
        movq    32(%rdi), %rsp
        movq    48(%rdi), %rsi
        movdqa  256(%rdi), %xmm6
        movdqa  272(%rdi), %xmm7
        movdqa  288(%rdi), %xmm8
        movdqa  304(%rdi), %xmm9
        movdqa  320(%rdi), %xmm10
        movdqa  336(%rdi), %xmm11
        movdqa  352(%rdi), %xmm12
        movdqa  368(%rdi), %xmm13
        movdqa  384(%rdi), %xmm14
        movdqa  400(%rdi), %xmm15
        movq    56(%rdi), %rdi
        // Guest state from here on: an interrupt captures it (and resumes here later).
        movl    $1, %fs:polyrun_native_in_guest@tpoff
        cmpl    $0, %fs:polyrun_native_kick@tpoff
        jne     native_direct_interrupted
        ret
        .size   polyrun_native_direct_entry, .-polyrun_native_direct_entry

// The function asked for the call to be made through the dispatcher instead (it would block or
// stop the guest): the frame becomes the state of a host entry for the call, as the thunk's
// call of the host entry would have made it (the argument and kept registers are there already).
        .p2align 4
        .type   native_direct_redo, @function
native_direct_redo:
        movl    $0, %fs:polyrun_native_direct_redo@tpoff
        movl    $0, %fs:polyrun_native_in_guest@tpoff
        movq    %fs:polyrun_native_frame@tpoff, %rdi
        movq    32(%rdi), %rax
        movq    (%rax), %rcx
        movq    %rcx, 128(%rdi)      // rip: the return address into the thunk
        addq    $8, 32(%rdi)
        stmxcsr 144(%rdi)            // (the function ran under the guest's controls)
        fnstcw  148(%rdi)
        jmp     polyrun_native_dispatch_frame
        .size   native_direct_redo, .-native_direct_redo

// An interrupt came while the direct call ran: the guest stops just after the call.
        .p2align 4
        .type   native_direct_interrupted, @function
native_direct_interrupted:
        movl    $0, %fs:polyrun_native_in_guest@tpoff
        save_guest_state
        jmp     polyrun_native_interrupt_return
        .size   native_direct_interrupted, .-native_direct_interrupted

// The fault handler resumes a faulting thread here (the frame holds the guest's state).
        .p2align 4
        .globl  polyrun_native_fault_return
        .type   polyrun_native_fault_return, @function
polyrun_native_fault_return:
        movq    %fs:polyrun_native_host@tpoff, %rsi
        ldmxcsr 56(%rsi)
        fldcw   60(%rsi)
        cld
        movl    $2, %eax
        jmp     native_leave
        .size   polyrun_native_fault_return, .-polyrun_native_fault_return

// The interrupt signal resumes an interrupted thread here (or entering the guest jumps here).
        .p2align 4
        .globl  polyrun_native_interrupt_return
        .type   polyrun_native_interrupt_return, @function
polyrun_native_interrupt_return:
        movl    $0, %fs:polyrun_native_kick@tpoff
        movl    $0, %fs:polyrun_native_in_guest@tpoff
        movq    %fs:polyrun_native_host@tpoff, %rsi
        ldmxcsr 56(%rsi)
        fldcw   60(%rsi)
        cld
        movl    $3, %eax
        jmp     native_leave
        .size   polyrun_native_interrupt_return, .-polyrun_native_interrupt_return

        .section .note.GNU-stack, "", @progbits
