# int fh4_demo(int k): constructs a guard at frame+32 (state 0), calls thrower(k) in a try block
# (state 1) with catch (int) at frame+36 (state 2), returns 0 normally and 1 after the catch; an
# exception the catch does not take destroys the guard (a DtorWithObj unwind entry) on its way out.
# The tables are __CxxFrameHandler4's: compressed integers (one byte here: value << 1),
# image-relative offsets, states in the IP map stored plus one.
        .intel_syntax noprefix
        .text
        .globl  fh4_demo
        .p2align 4
fh4_demo:
        .seh_proc fh4_demo
        .seh_handler __CxxFrameHandler4, @unwind, @except
        push    rbp
        .seh_pushreg rbp
        sub     rsp, 48
        .seh_stackalloc 48
        .seh_endprologue
        mov     dword ptr [rsp + 40], ecx
        lea     rcx, [rsp + 32]
        call    guard_ctor
.Lstate0:
        mov     ecx, dword ptr [rsp + 40]
.Lcall:
        call    thrower
.Lafter:
        nop
        lea     rcx, [rsp + 32]
        call    guard_dtor
        xor     eax, eax
.Lreturn:
        add     rsp, 48
        pop     rbp
        ret
.Lcontinue:
        lea     rcx, [rsp + 32]
        call    guard_dtor
        mov     eax, 1
        jmp     .Lreturn
        .seh_handlerdata
        .long   fh4_demo_info@IMGREL
        .text
        .seh_endproc

        .p2align 4
fh4_demo_catch:
        .seh_proc fh4_demo_catch
        .seh_handler __CxxFrameHandler4, @unwind, @except
        mov     qword ptr [rsp + 16], rdx
        push    rbp
        .seh_pushreg rbp
        sub     rsp, 32
        .seh_stackalloc 32
        .seh_endprologue
        mov     rbp, rdx
        mov     ecx, dword ptr [rbp + 36]
        call    report_catch
        xor     eax, eax                # continuation 0 of the clause
        add     rsp, 32
        pop     rbp
        ret
        .seh_handlerdata
        .long   fh4_catch_info@IMGREL
        .text
        .seh_endproc

        .section .rdata,"dr"
fh4_demo_info:                          # header: unwind map, try block map
        .byte   0x18
        .long   fh4_unwind@IMGREL
        .long   fh4_try@IMGREL
        .long   fh4_ip@IMGREL
fh4_catch_info:                         # header: catch funclet, unwind map, try block map
        .byte   0x19
        .long   fh4_unwind@IMGREL
        .long   fh4_try@IMGREL
        .long   fh4_catch_ip@IMGREL
        .byte   56 << 1                 # dispFrame: where the funclet saved rdx
fh4_unwind:
        .byte   3 << 1                  # entries
        .byte   ((1 << 2) | 1) << 1     # state 0: DtorWithObj, back 1 byte: to state -1
        .long   guard_dtor@IMGREL
        .byte   32 << 1
        .byte   (6 << 2) << 1           # state 1: nothing, to state 0 (6 bytes back)
        .byte   (7 << 2) << 1           # state 2: nothing, to state 0
fh4_try:
        .byte   1 << 1                  # entries
        .byte   1 << 1, 1 << 1, 2 << 1  # tryLow, tryHigh, catchHigh
        .long   fh4_handlers@IMGREL
fh4_handlers:
        .byte   1 << 1
        .byte   0x1e                    # type, catch object, continuation as an RVA, one of them
        .long   "??_R0H@8"@IMGREL       # int
        .byte   36 << 1                 # catch object at frame+36
        .long   fh4_demo_catch@IMGREL
        .long   .Lcontinue@IMGREL
fh4_ip:
        .byte   4 << 1
        .byte   0, 0                                    # from the start: state -1
        .byte   (.Lstate0 - fh4_demo) << 1, 1 << 1      # state 0
        .byte   (.Lcall + 1 - .Lstate0) << 1, 2 << 1    # state 1 around the call
        .byte   (.Lafter + 1 - .Lcall - 1) << 1, 1 << 1 # state 0 again
fh4_catch_ip:
        .byte   1 << 1
        .byte   0, 3 << 1                               # the whole funclet: state 2
