// msvcrt functions that natively running x64 code calls without leaving Win64 code: bound straight
// into the program's import table (no thunk, no switch, nothing saved), as Win64 leaf functions.
// Each (but strstr, below) touches no stack and only the registers a Win64 callee may change (rax,
// rcx, rdx, r8–r11, xmm0–5), so at every instruction [rsp] is the program's return address and its
// registers are its own: a bad pointer faults here as in msvcrt's own code (a leaf function without
// unwind data, which exception dispatch steps out of by its return address), and an interrupt stops
// here as anywhere in the program. Aligned loads of 16 bytes (or 64, four at once) never cross into
// the next page; unaligned ones are made only where the page has 16 bytes left. Either may read
// bytes past a string's end or past n, but only in a page the function must read anyway. Stores
// of 16 bytes hold only bytes the function writes in any case.
//
//   size_t strlen(const char* s)                       rcx
//   size_t strnlen(const char* s, size_t n)            rcx, rdx
//   char* strchr(const char* s, int c)                 rcx, edx
//   char* strrchr(const char* s, int c)                rcx, edx
//   void* memchr(const void* s, int c, size_t n)       rcx, edx, r8
//   int strcmp(const char* a, const char* b)           rcx, rdx: -1, 0 or 1, as x64 msvcrt (and wine's)
//   int strncmp(const char* a, const char* b, size_t n)  rcx, rdx, r8: likewise
//   int memcmp(const void* a, const void* b, size_t n) rcx, rdx, r8: likewise
//   int _stricmp(const char* a, const char* b)         rcx, rdx: the difference of the first unequal
//   int _strnicmp(const char* a, const char* b, size_t n)  bytes folded to lower case (in the "C"
//                                                      locale; in another, the C++ function)
//   char* strcpy(char* d, const char* s)               rcx, rdx
//   char* strcat(char* d, const char* s)               rcx, rdx
//   char* strncpy(char* d, const char* s, size_t n)    rcx, rdx, r8 (NULs up to n)
//   size_t wcslen(const wchar_t* s)                    rcx
//   int wcscmp(const wchar_t* a, const wchar_t* b)     rcx, rdx: -1, 0 or 1
//   wchar_t* wcschr(const wchar_t* s, wchar_t c)       rcx, dx
//   void* memcpy(void* d, const void* s, size_t n)     rcx, rdx, r8 (overlapping ranges allowed, as memmove)
//   void* memset(void* d, int c, size_t n)             rcx, edx, r8
//   char* strstr(const char* s, const char* t)         rcx, rdx (calls strchr: its return address is
//                                                      the only thing on the stack, a leaf frame too)
//   int* _errno(void)                                  the thread's errno, just after its TEB
//   int ___lc_codepage_func(void), ___mb_cur_max_func(void)  the current locale's (setlocale stores
//                                                      them in polyrun_msvcrt_codepage and
//                                                      polyrun_msvcrt_mb_cur_max_value: 0 and 1 in "C")
//   struct lconv* localeconv(void)                     the one made at its first call (its thunk
//                                                      makes it: polyrun_msvcrt_lconv is 0 until then)
//   void* malloc(size_t n)                             rcx: a block of 32 B to 4 KiB from the thread's
//                                                      cache (core/guest_heap.h, ThreadHeapCache), else the
//                                                      function's thunk (the heap, as a direct call)
//   void free(void* p)                                 rcx: a live small block of the heap's into the
//                                                      thread's cache while its list has room, else the
//                                                      thunk (large blocks, full lists, freed or foreign
//                                                      blocks)
// The thread's heap cache and the heap's block header: core/heap_cache_x64.inc.

#include "shims/core/heap_cache_x64.inc"

// Jumps to \short where the 16 bytes from the address in \ptr (its low 32 bits) would reach into
// the next page; \tmp: a 32-bit register it may change.
.macro PAGE_ROOM_16 ptr, tmp, short
        movl    \ptr, \tmp
        andl    $4095, \tmp
        cmpl    $4080, \tmp
        ja      \short
.endm

        .text

        .p2align 4
        .globl  polyrun_msvcrt_leaf_begin
polyrun_msvcrt_leaf_begin:
        .globl  polyrun_msvcrt_strlen
        .type   polyrun_msvcrt_strlen, @function
polyrun_msvcrt_strlen:
        movq    %rcx, %r9               // s
        movq    %rcx, %rdx
        andq    $-16, %rdx              // the aligned block holding s
        pxor    %xmm0, %xmm0
        movdqa  (%rdx), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        andl    $15, %ecx               // cl: bytes of the block before s
        shrl    %cl, %eax
        testl   %eax, %eax
        jz      1f
        bsfl    %eax, %eax
        ret
1:      addq    $16, %rdx               // 16 bytes at a time up to a 64-byte boundary
        testb   $63, %dl
        jz      3f
2:      movdqa  (%rdx), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        testl   %eax, %eax
        jz      1b
        bsfl    %eax, %eax
        addq    %rdx, %rax
        subq    %r9, %rax
        ret
3:      movdqa  (%rdx), %xmm1           // then 64 (one page holds them all): the least byte of the four
        movdqa  16(%rdx), %xmm2         // blocks is 0 where any has a NUL
        movdqa  32(%rdx), %xmm3
        movdqa  48(%rdx), %xmm4
        pminub  %xmm2, %xmm1
        pminub  %xmm4, %xmm3
        pminub  %xmm3, %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        testl   %eax, %eax
        jnz     2b                      // in these 64: found block by block
        addq    $64, %rdx
        jmp     3b
        .size   polyrun_msvcrt_strlen, .-polyrun_msvcrt_strlen

// Each block's bytes b become min(b, b ^ c): 0 exactly where b is NUL or c.
        .p2align 4
        .globl  polyrun_msvcrt_strchr
        .type   polyrun_msvcrt_strchr, @function
polyrun_msvcrt_strchr:
        movzbl  %dl, %edx
        movd    %edx, %xmm2             // c in every byte of xmm2
        punpcklbw %xmm2, %xmm2
        punpcklwd %xmm2, %xmm2
        pshufd  $0, %xmm2, %xmm2
        pxor    %xmm0, %xmm0
        movq    %rcx, %r9               // s
        andq    $-16, %r9               // the aligned block holding s
        andl    $15, %ecx               // cl: bytes of the block before s
        movdqa  (%r9), %xmm1
        movdqa  %xmm1, %xmm3
        pxor    %xmm2, %xmm3
        pminub  %xmm3, %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        shrl    %cl, %eax
        testl   %eax, %eax
        jz      1f
        bsfl    %eax, %eax
        addq    %rcx, %rax
        jmp     4f
1:      addq    $16, %r9                // 16 bytes at a time up to a 64-byte boundary
        testb   $63, %r9b
        jz      3f
2:      movdqa  (%r9), %xmm1
        movdqa  %xmm1, %xmm3
        pxor    %xmm2, %xmm3
        pminub  %xmm3, %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        testl   %eax, %eax
        jz      1b
        bsfl    %eax, %eax
        jmp     4f
3:      movdqa  (%r9), %xmm1            // then 64 at a time
        movdqa  %xmm1, %xmm3
        pxor    %xmm2, %xmm3
        pminub  %xmm3, %xmm1
        movdqa  16(%r9), %xmm3
        movdqa  %xmm3, %xmm4
        pxor    %xmm2, %xmm4
        pminub  %xmm4, %xmm3
        pminub  %xmm3, %xmm1
        movdqa  32(%r9), %xmm3
        movdqa  %xmm3, %xmm4
        pxor    %xmm2, %xmm4
        pminub  %xmm4, %xmm3
        pminub  %xmm3, %xmm1
        movdqa  48(%r9), %xmm3
        movdqa  %xmm3, %xmm4
        pxor    %xmm2, %xmm4
        pminub  %xmm4, %xmm3
        pminub  %xmm3, %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        testl   %eax, %eax
        jnz     2b                      // in these 64: found block by block
        addq    $64, %r9
        jmp     3b
4:      addq    %r9, %rax               // the first NUL or c: c (which may be NUL) or not found
        cmpb    %dl, (%rax)
        jne     5f
        ret
5:      xorl    %eax, %eax
        ret
        .size   polyrun_msvcrt_strchr, .-polyrun_msvcrt_strchr

        .p2align 4
        .globl  polyrun_msvcrt_strcmp
        .type   polyrun_msvcrt_strcmp, @function
polyrun_msvcrt_strcmp:
        pxor    %xmm0, %xmm0
1:      movl    %ecx, %eax              // 16 bytes of each left in their pages?
        andl    $4095, %eax
        cmpl    $4080, %eax
        ja      3f
        PAGE_ROOM_16 %edx, %eax, 3f
        movdqu  (%rcx), %xmm1
        movdqu  (%rdx), %xmm2
        movdqa  %xmm1, %xmm3
        pcmpeqb %xmm0, %xmm3            // NULs of a
        pcmpeqb %xmm1, %xmm2            // equal bytes
        pmovmskb %xmm2, %eax
        pmovmskb %xmm3, %r8d
        xorl    $0xffff, %eax           // unequal bytes
        orl     %r8d, %eax
        jnz     2f
        addq    $16, %rcx
        addq    $16, %rdx
        jmp     1b
2:      bsfl    %eax, %r8d              // unequal, or both NUL
        movzbl  (%rcx,%r8), %r9d
        xorl    %eax, %eax
        cmpb    (%rdx,%r8), %r9b
        je      6f
        sbbl    %eax, %eax              // -1 below, 1 above
        orl     $1, %eax
        ret
3:      movl    $16, %r10d              // near a page end: 16 bytes one at a time
4:      movzbl  (%rcx), %r8d
        cmpb    (%rdx), %r8b
        jne     5f
        testl   %r8d, %r8d
        jz      6f
        incq    %rcx
        incq    %rdx
        decl    %r10d
        jnz     4b
        jmp     1b
5:      sbbl    %eax, %eax
        orl     $1, %eax
        ret
6:      xorl    %eax, %eax
        ret
        .size   polyrun_msvcrt_strcmp, .-polyrun_msvcrt_strcmp

        .p2align 4
        .globl  polyrun_msvcrt_memcpy
        .type   polyrun_msvcrt_memcpy, @function
polyrun_msvcrt_memcpy:
        movq    %rcx, %rax
        cmpq    $32, %r8
        ja      5f
        cmpq    $16, %r8                // up to 32 bytes: everything is loaded before it is stored
        jae     1f
        cmpq    $8, %r8
        jae     2f
        cmpq    $4, %r8
        jae     3f
        testq   %r8, %r8
        jz      4f
        movzbl  (%rdx), %r9d            // 1–3 bytes: first, middle, last
        movzbl  -1(%rdx,%r8), %r10d
        movq    %r8, %r11
        shrq    $1, %r11
        movzbl  (%rdx,%r11), %edx
        movb    %r9b, (%rcx)
        movb    %dl, (%rcx,%r11)
        movb    %r10b, -1(%rcx,%r8)
        ret
1:      movdqu  (%rdx), %xmm0
        movdqu  -16(%rdx,%r8), %xmm1
        movdqu  %xmm0, (%rcx)
        movdqu  %xmm1, -16(%rcx,%r8)
        ret
2:      movq    (%rdx), %r9
        movq    -8(%rdx,%r8), %r10
        movq    %r9, (%rcx)
        movq    %r10, -8(%rcx,%r8)
        ret
3:      movl    (%rdx), %r9d
        movl    -4(%rdx,%r8), %r10d
        movl    %r9d, (%rcx)
        movl    %r10d, -4(%rcx,%r8)
4:      ret
5:      movq    %rcx, %r9               // more: 16 bytes at a time
        subq    %rdx, %r9
        cmpq    %r8, %r9                // d - s < n (unsigned): d inside [s, s + n): backwards
        jb      7f
        movdqu  -16(%rdx,%r8), %xmm1    // the last 16, loaded before anything is stored
        xorl    %r10d, %r10d
6:      movdqu  (%rdx,%r10), %xmm0
        movdqu  %xmm0, (%rcx,%r10)
        addq    $16, %r10
        leaq    16(%r10), %r11
        cmpq    %r8, %r11
        jb      6b
        movdqu  %xmm1, -16(%rcx,%r8)
        ret
7:      movdqu  (%rdx), %xmm1           // the first 16, likewise
        movq    %r8, %r10
8:      subq    $16, %r10
        movdqu  (%rdx,%r10), %xmm0
        movdqu  %xmm0, (%rcx,%r10)
        cmpq    $16, %r10
        ja      8b
        movdqu  %xmm1, (%rcx)
        ret
        .size   polyrun_msvcrt_memcpy, .-polyrun_msvcrt_memcpy

        .p2align 4
        .globl  polyrun_msvcrt_memset
        .type   polyrun_msvcrt_memset, @function
polyrun_msvcrt_memset:
        movq    %rcx, %r9
        movzbl  %dl, %edx
        movabsq $0x0101010101010101, %rax
        imulq   %rdx, %rax              // c in every byte
        cmpq    $32, %r8
        ja      5f
        cmpq    $16, %r8
        jae     1f
        cmpq    $8, %r8
        jae     2f
        cmpq    $4, %r8
        jae     3f
        testq   %r8, %r8
        jz      4f
        movb    %al, (%rcx)             // 1–3 bytes
        movb    %al, -1(%rcx,%r8)
        movq    %r8, %r10
        shrq    $1, %r10
        movb    %al, (%rcx,%r10)
        jmp     4f
1:      movq    %rax, %xmm0
        punpcklqdq %xmm0, %xmm0
        movdqu  %xmm0, (%rcx)
        movdqu  %xmm0, -16(%rcx,%r8)
        jmp     4f
2:      movq    %rax, (%rcx)
        movq    %rax, -8(%rcx,%r8)
        jmp     4f
3:      movl    %eax, (%rcx)
        movl    %eax, -4(%rcx,%r8)
        jmp     4f
5:      movq    %rax, %xmm0             // more: 16 bytes at a time, the last 16 first
        punpcklqdq %xmm0, %xmm0
        movdqu  %xmm0, -16(%rcx,%r8)
        xorl    %r10d, %r10d
6:      movdqu  %xmm0, (%rcx,%r10)
        addq    $16, %r10
        leaq    16(%r10), %r11
        cmpq    %r8, %r11
        jb      6b
4:      movq    %r9, %rax
        ret
        .size   polyrun_msvcrt_memset, .-polyrun_msvcrt_memset
        .p2align 4
        .globl  polyrun_msvcrt_strstr
        .type   polyrun_msvcrt_strstr, @function
polyrun_msvcrt_strstr:
        movq    %rdx, %r11              // t (strchr keeps r11)
        movzbl  (%rdx), %edx
        testl   %edx, %edx
        jz      4f                      // "" is found at once
1:      call    polyrun_msvcrt_strchr   // the next place t's first byte is at, from rcx
        testq   %rax, %rax
        jz      3f
        movl    $1, %r8d
2:      movzbl  (%r11,%r8), %r9d        // the rest of t there?
        testl   %r9d, %r9d
        jz      3f
        cmpb    %r9b, (%rax,%r8)
        jne     5f
        incq    %r8
        jmp     2b
5:      leaq    1(%rax), %rcx
        movzbl  (%r11), %edx
        jmp     1b
3:      ret
4:      movq    %rcx, %rax
        ret
        .size   polyrun_msvcrt_strstr, .-polyrun_msvcrt_strstr

// Comparisons answer -1, 0 or 1 (unsigned bytes), as x64 msvcrt's memcmp, strcmp and strncmp do.
// A block of 16 is loaded only where both pages have 16 bytes left, else the next 16 go one at a
// time; bytes past the first difference (or past n) are read only within those 16.
        .p2align 4
        .globl  polyrun_msvcrt_memcmp
        .type   polyrun_msvcrt_memcmp, @function
polyrun_msvcrt_memcmp:
        xorl    %eax, %eax
        testq   %r8, %r8
        jz      9f
1:      PAGE_ROOM_16 %ecx, %r9d, 4f
        PAGE_ROOM_16 %edx, %r9d, 4f
        movdqu  (%rcx), %xmm0
        movdqu  (%rdx), %xmm1
        pcmpeqb %xmm1, %xmm0
        pmovmskb %xmm0, %r9d
        xorl    $0xffff, %r9d           // unequal bytes
        jnz     2f
        subq    $16, %r8
        jbe     9f                      // n ended in these 16
        addq    $16, %rcx
        addq    $16, %rdx
        jmp     1b
2:      bsfl    %r9d, %r9d
        cmpq    %r8, %r9
        jae     9f                      // past n
        movzbl  (%rcx,%r9), %r10d
        cmpb    (%rdx,%r9), %r10b
        sbbl    %eax, %eax
        orl     $1, %eax
9:      ret
4:      movl    $16, %r10d              // near a page end: 16 bytes one at a time
5:      movzbl  (%rcx), %r9d
        cmpb    (%rdx), %r9b
        jne     6f
        incq    %rcx
        incq    %rdx
        decq    %r8
        jz      9b
        decl    %r10d
        jnz     5b
        jmp     1b
6:      sbbl    %eax, %eax
        orl     $1, %eax
        ret
        .size   polyrun_msvcrt_memcmp, .-polyrun_msvcrt_memcmp

        .p2align 4
        .globl  polyrun_msvcrt_strncmp
        .type   polyrun_msvcrt_strncmp, @function
polyrun_msvcrt_strncmp:
        xorl    %eax, %eax
        testq   %r8, %r8
        jz      9f                      // nothing read for n = 0
        pxor    %xmm0, %xmm0
1:      PAGE_ROOM_16 %ecx, %r9d, 4f
        PAGE_ROOM_16 %edx, %r9d, 4f
        movdqu  (%rcx), %xmm1
        movdqu  (%rdx), %xmm2
        pcmpeqb %xmm1, %xmm2            // equal bytes
        pcmpeqb %xmm0, %xmm1            // NULs of a
        pmovmskb %xmm2, %r9d
        pmovmskb %xmm1, %r10d
        xorl    $0xffff, %r9d
        orl     %r10d, %r9d             // unequal, or the end of both
        jnz     2f
        subq    $16, %r8
        jbe     9f
        addq    $16, %rcx
        addq    $16, %rdx
        jmp     1b
2:      bsfl    %r9d, %r9d
        cmpq    %r8, %r9
        jae     9f
        movzbl  (%rcx,%r9), %r10d
        cmpb    (%rdx,%r9), %r10b
        je      9f                      // both NUL
        sbbl    %eax, %eax
        orl     $1, %eax
9:      ret
4:      movl    $16, %r10d
5:      movzbl  (%rcx), %r9d
        cmpb    (%rdx), %r9b
        jne     6f
        testl   %r9d, %r9d
        jz      9b
        incq    %rcx
        incq    %rdx
        decq    %r8
        jz      9b
        decl    %r10d
        jnz     5b
        jmp     1b
6:      sbbl    %eax, %eax
        orl     $1, %eax
        ret
        .size   polyrun_msvcrt_strncmp, .-polyrun_msvcrt_strncmp

// The "C" locale's case folding, as msvcrt's own in a program that never calls setlocale: 'A'–'Z'
// become 'a'–'z', every other byte (as unsigned) stays; the result is the difference of the first
// unequal folded bytes (Microsoft's C runtime sources, __ascii_stricmp; glibc's strcasecmp in the
// "C" locale answers the same). 16 bytes at a time as strcmp's, each folded: b + 0x3f puts 'A'–'Z'
// at 0x80–0x99, the least signed bytes, and exactly those get 0x20 added.
        .p2align 4
        .globl  polyrun_msvcrt__stricmp
        .type   polyrun_msvcrt__stricmp, @function
polyrun_msvcrt__stricmp:
        cmpl    $0, polyrun_msvcrt_codepage(%rip)
        jne     8f                      // a locale's letters: the C++ function
        movq    $-1, %r8                // no bound
        jmp     .Lstrnicmp_from_rcx
8:      jmpq    *polyrun_msvcrt__stricmp_slow(%rip)
        .size   polyrun_msvcrt__stricmp, .-polyrun_msvcrt__stricmp

        .p2align 4
        .globl  polyrun_msvcrt__strnicmp
        .type   polyrun_msvcrt__strnicmp, @function
polyrun_msvcrt__strnicmp:
        cmpl    $0, polyrun_msvcrt_codepage(%rip)
        jne     .Lstrnicmp_locale
        xorl    %eax, %eax
        testq   %r8, %r8
        jz      9f
.Lstrnicmp_from_rcx:
        movl    $0x3f3f3f3f, %eax
        movd    %eax, %xmm3
        pshufd  $0, %xmm3, %xmm3
        movl    $0x99999999, %eax       // 'Z' + 0x3f: above it (signed), not a capital
        movd    %eax, %xmm4
        pshufd  $0, %xmm4, %xmm4
        movl    $0x20202020, %eax
        movd    %eax, %xmm5
        pshufd  $0, %xmm5, %xmm5
1:      movl    %ecx, %r9d              // 16 bytes of each left in their pages?
        andl    $4095, %r9d
        cmpl    $4080, %r9d
        ja      4f
        PAGE_ROOM_16 %edx, %r9d, 4f
        movdqu  (%rcx), %xmm0
        movdqu  (%rdx), %xmm1
        movdqa  %xmm0, %xmm2            // a folded
        paddb   %xmm3, %xmm2
        pcmpgtb %xmm4, %xmm2
        pandn   %xmm5, %xmm2
        paddb   %xmm2, %xmm0
        movdqa  %xmm1, %xmm2            // b folded
        paddb   %xmm3, %xmm2
        pcmpgtb %xmm4, %xmm2
        pandn   %xmm5, %xmm2
        paddb   %xmm2, %xmm1
        pxor    %xmm2, %xmm2
        pcmpeqb %xmm0, %xmm2            // NULs of a
        pcmpeqb %xmm1, %xmm0            // equal folded bytes
        pmovmskb %xmm0, %r9d
        pmovmskb %xmm2, %r10d
        xorl    $0xffff, %r9d
        orl     %r10d, %r9d
        jnz     2f
        subq    $16, %r8
        jbe     8f                      // n ended in these 16
        addq    $16, %rcx
        addq    $16, %rdx
        jmp     1b
2:      bsfl    %r9d, %r9d              // unequal, or the end of both: that byte's difference
        cmpq    %r8, %r9
        jae     8f
        addq    %r9, %rcx
        addq    %r9, %rdx
        movl    $1, %r8d
        jmp     5f
4:      movl    $16, %r10d              // near a page end: 16 bytes one at a time
5:      movzbl  (%rcx), %eax
        movzbl  (%rdx), %r9d
        leal    -65(%rax), %r11d
        cmpl    $25, %r11d
        ja      6f
        addl    $32, %eax
6:      leal    -65(%r9), %r11d
        cmpl    $25, %r11d
        ja      7f
        addl    $32, %r9d
7:      subl    %r9d, %eax
        jnz     9f
        testl   %r9d, %r9d
        jz      9f
        incq    %rcx
        incq    %rdx
        decq    %r8
        jz      9f
        decl    %r10d
        jnz     5b
        jmp     1b
8:      xorl    %eax, %eax
9:      ret
.Lstrnicmp_locale:
        jmpq    *polyrun_msvcrt__strnicmp_slow(%rip)
        .size   polyrun_msvcrt__strnicmp, .-polyrun_msvcrt__strnicmp

// strcat finds the end of d (aligned blocks, as strlen) and copies there as strcpy does: 16 bytes
// at a time while s has 16 left in its page and no NUL among them, else one at a time.
        .p2align 4
        .globl  polyrun_msvcrt_strcat
        .type   polyrun_msvcrt_strcat, @function
polyrun_msvcrt_strcat:
        movq    %rcx, %rax              // d, the result
        pxor    %xmm0, %xmm0
        movq    %rcx, %r9
        andq    $-16, %r9               // the aligned block holding d
        andl    $15, %ecx
        movdqa  (%r9), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %r10d
        shrl    %cl, %r10d              // NULs from d on
        shll    %cl, %r10d
1:      testl   %r10d, %r10d
        jnz     2f
        addq    $16, %r9
        movdqa  (%r9), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %r10d
        jmp     1b
2:      bsfl    %r10d, %r10d
        leaq    (%r9,%r10), %rcx        // d's NUL: s goes there
        jmp     .Lstrcpy_from_rcx
        .size   polyrun_msvcrt_strcat, .-polyrun_msvcrt_strcat

        .p2align 4
        .globl  polyrun_msvcrt_strcpy
        .type   polyrun_msvcrt_strcpy, @function
polyrun_msvcrt_strcpy:
        movq    %rcx, %rax
        pxor    %xmm0, %xmm0
.Lstrcpy_from_rcx:
1:      PAGE_ROOM_16 %edx, %r9d, 3f
        movdqu  (%rdx), %xmm1
        movdqa  %xmm1, %xmm2
        pcmpeqb %xmm0, %xmm2
        pmovmskb %xmm2, %r9d
        testl   %r9d, %r9d
        jnz     6f                      // the end is in these 16
        movdqu  %xmm1, (%rcx)
        addq    $16, %rdx
        addq    $16, %rcx
        jmp     1b
6:      bsfl    %r9d, %r9d              // the NUL at k: k + 1 bytes, as two overlapping moves of
        cmpl    $7, %r9d                // 8, 4, 2 bytes or one of 1, each loaded before stored
        jae     7f
        cmpl    $3, %r9d
        jae     8f
        testl   %r9d, %r9d
        jnz     10f
        movb    $0, (%rcx)
        ret
7:      movq    (%rdx), %r10
        movq    -7(%rdx,%r9), %r11
        movq    %r10, (%rcx)
        movq    %r11, -7(%rcx,%r9)
        ret
8:      movl    (%rdx), %r10d
        movl    -3(%rdx,%r9), %r11d
        movl    %r10d, (%rcx)
        movl    %r11d, -3(%rcx,%r9)
        ret
10:     movzwl  (%rdx), %r10d
        movzwl  -1(%rdx,%r9), %r11d
        movw    %r10w, (%rcx)
        movw    %r11w, -1(%rcx,%r9)
        ret
3:      movl    $16, %r10d              // near a page end: one at a time
4:      movzbl  (%rdx), %r9d
        movb    %r9b, (%rcx)
        testl   %r9d, %r9d
        jz      5f
        incq    %rdx
        incq    %rcx
        decl    %r10d
        jnz     4b
        jmp     1b
5:      ret
        .size   polyrun_msvcrt_strcpy, .-polyrun_msvcrt_strcpy

// At most n bytes of s, then NULs up to n.
        .p2align 4
        .globl  polyrun_msvcrt_strncpy
        .type   polyrun_msvcrt_strncpy, @function
polyrun_msvcrt_strncpy:
        movq    %rcx, %rax
        testq   %r8, %r8
        jz      9f
        pxor    %xmm0, %xmm0
1:      cmpq    $16, %r8
        jb      3f
        PAGE_ROOM_16 %edx, %r9d, 3f
        movdqu  (%rdx), %xmm1
        movdqa  %xmm1, %xmm2
        pcmpeqb %xmm0, %xmm2
        pmovmskb %xmm2, %r9d
        testl   %r9d, %r9d
        jnz     3f
        movdqu  %xmm1, (%rcx)
        addq    $16, %rdx
        addq    $16, %rcx
        subq    $16, %r8
        jz      9f
        jmp     1b
3:      movl    $16, %r10d              // one at a time
4:      movzbl  (%rdx), %r9d
        movb    %r9b, (%rcx)
        incq    %rcx
        decq    %r8
        jz      9f
        testl   %r9d, %r9d
        jz      5f                      // s ended: NULs to n
        incq    %rdx
        decl    %r10d
        jnz     4b
        jmp     1b
5:      cmpq    $16, %r8
        jb      7f
6:      movdqu  %xmm0, (%rcx)
        addq    $16, %rcx
        subq    $16, %r8
        cmpq    $16, %r8
        jae     6b
        testq   %r8, %r8
        jz      9f
        movdqu  %xmm0, -16(%rcx,%r8)    // the last few, over NULs already stored
        ret
7:      movb    $0, (%rcx)
        incq    %rcx
        decq    %r8
        jnz     7b
9:      ret
        .size   polyrun_msvcrt_strncpy, .-polyrun_msvcrt_strncpy

// memchr and strnlen look at aligned blocks (never past the page holding their last byte) and stop
// at n; a bound beyond the address space is as good as none.
        .p2align 4
        .globl  polyrun_msvcrt_memchr
        .type   polyrun_msvcrt_memchr, @function
polyrun_msvcrt_memchr:
        xorl    %eax, %eax
        testq   %r8, %r8
        jz      9f
        movzbl  %dl, %edx
        movd    %edx, %xmm2             // c in every byte of xmm2
        punpcklbw %xmm2, %xmm2
        punpcklwd %xmm2, %xmm2
        pshufd  $0, %xmm2, %xmm2
        movq    %rcx, %r9
        andq    $-16, %r9               // the aligned block holding s
        andl    $15, %ecx
        movdqa  (%r9), %xmm1
        pcmpeqb %xmm2, %xmm1
        pmovmskb %xmm1, %r10d
        shrl    %cl, %r10d              // from s on
        shll    %cl, %r10d
        addq    %rcx, %r8               // n, counted from the block's start
        jnc     1f
        movq    $-1, %r8
1:      testl   %r10d, %r10d
        jnz     2f
        subq    $16, %r8
        jbe     9f                      // n ended in this block
        addq    $16, %r9
        movdqa  (%r9), %xmm1
        pcmpeqb %xmm2, %xmm1
        pmovmskb %xmm1, %r10d
        jmp     1b
2:      bsfl    %r10d, %r10d
        cmpq    %r8, %r10
        jae     9f                      // past n
        leaq    (%r9,%r10), %rax
9:      ret
        .size   polyrun_msvcrt_memchr, .-polyrun_msvcrt_memchr

        .p2align 4
        .globl  polyrun_msvcrt_strnlen
        .type   polyrun_msvcrt_strnlen, @function
polyrun_msvcrt_strnlen:
        xorl    %eax, %eax
        testq   %rdx, %rdx
        jz      9f
        movq    %rcx, %r11              // s
        movq    %rcx, %r9
        andq    $-16, %r9
        andl    $15, %ecx
        pxor    %xmm0, %xmm0
        movdqa  (%r9), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %r10d
        shrl    %cl, %r10d
        shll    %cl, %r10d
        movq    %rdx, %r8
        addq    %rcx, %r8               // n, counted from the block's start
        jnc     1f
        movq    $-1, %r8
1:      testl   %r10d, %r10d
        jnz     2f
        subq    $16, %r8
        jbe     3f
        addq    $16, %r9
        movdqa  (%r9), %xmm1
        pcmpeqb %xmm0, %xmm1
        pmovmskb %xmm1, %r10d
        jmp     1b
2:      bsfl    %r10d, %r10d
        cmpq    %r8, %r10
        jae     3f
        leaq    (%r9,%r10), %rax
        subq    %r11, %rax
9:      ret
3:      movq    %rdx, %rax              // no NUL in the first n
        ret
        .size   polyrun_msvcrt_strnlen, .-polyrun_msvcrt_strnlen

// The last c before the NUL (c may be NUL: the NUL itself): aligned blocks, the last match
// remembered until the block holding the NUL.
        .p2align 4
        .globl  polyrun_msvcrt_strrchr
        .type   polyrun_msvcrt_strrchr, @function
polyrun_msvcrt_strrchr:
        movzbl  %dl, %edx
        movd    %edx, %xmm2
        punpcklbw %xmm2, %xmm2
        punpcklwd %xmm2, %xmm2
        pshufd  $0, %xmm2, %xmm2
        pxor    %xmm0, %xmm0
        xorl    %eax, %eax              // none found yet
        movq    %rcx, %r9
        andq    $-16, %r9
        andl    $15, %ecx
        movdqa  (%r9), %xmm1
        movdqa  %xmm1, %xmm3
        pcmpeqb %xmm0, %xmm1
        pcmpeqb %xmm2, %xmm3
        pmovmskb %xmm1, %r10d           // NULs
        pmovmskb %xmm3, %r11d           // c
        shrl    %cl, %r10d
        shll    %cl, %r10d
        shrl    %cl, %r11d
        shll    %cl, %r11d
1:      testl   %r10d, %r10d
        jnz     3f
        testl   %r11d, %r11d
        jz      2f
        bsrl    %r11d, %r11d
        leaq    (%r9,%r11), %rax        // the last c so far
2:      addq    $16, %r9
        movdqa  (%r9), %xmm1
        movdqa  %xmm1, %xmm3
        pcmpeqb %xmm0, %xmm1
        pcmpeqb %xmm2, %xmm3
        pmovmskb %xmm1, %r10d
        pmovmskb %xmm3, %r11d
        jmp     1b
3:      leal    -1(%r10), %ecx          // the bits up to the first NUL's
        xorl    %r10d, %ecx
        andl    %ecx, %r11d
        jz      4f
        bsrl    %r11d, %r11d
        leaq    (%r9,%r11), %rax
4:      ret
        .size   polyrun_msvcrt_strrchr, .-polyrun_msvcrt_strrchr

// Wide strings: 16-bit units (wchar_t), compared unsigned. wcslen takes aligned blocks for an
// even address and one unit at a time for an odd one (whose units straddle the blocks);
// wcscmp and wcschr load 16 bytes where the page has 16 left, as strcmp.
        .p2align 4
        .globl  polyrun_msvcrt_wcslen
        .type   polyrun_msvcrt_wcslen, @function
polyrun_msvcrt_wcslen:
        testb   $1, %cl
        jnz     7f
        movq    %rcx, %r9               // s
        movq    %rcx, %rdx
        andq    $-16, %rdx
        pxor    %xmm0, %xmm0
        movdqa  (%rdx), %xmm1
        pcmpeqw %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        andl    $15, %ecx
        shrl    %cl, %eax
        testl   %eax, %eax
        jz      1f
        bsfl    %eax, %eax
        shrl    $1, %eax
        ret
1:      addq    $16, %rdx
        movdqa  (%rdx), %xmm1
        pcmpeqw %xmm0, %xmm1
        pmovmskb %xmm1, %eax
        testl   %eax, %eax
        jz      1b
        bsfl    %eax, %eax
        addq    %rdx, %rax
        subq    %r9, %rax
        shrq    $1, %rax
        ret
7:      movq    %rcx, %rax
8:      cmpw    $0, (%rax)
        je      9f
        addq    $2, %rax
        jmp     8b
9:      subq    %rcx, %rax
        shrq    $1, %rax
        ret
        .size   polyrun_msvcrt_wcslen, .-polyrun_msvcrt_wcslen

        .p2align 4
        .globl  polyrun_msvcrt_wcscmp
        .type   polyrun_msvcrt_wcscmp, @function
polyrun_msvcrt_wcscmp:
        pxor    %xmm0, %xmm0
1:      PAGE_ROOM_16 %ecx, %eax, 3f
        PAGE_ROOM_16 %edx, %eax, 3f
        movdqu  (%rcx), %xmm1
        movdqu  (%rdx), %xmm2
        pcmpeqw %xmm1, %xmm2            // equal units
        pcmpeqw %xmm0, %xmm1            // NULs of a
        pmovmskb %xmm2, %eax
        pmovmskb %xmm1, %r8d
        xorl    $0xffff, %eax
        orl     %r8d, %eax
        jnz     2f
        addq    $16, %rcx
        addq    $16, %rdx
        jmp     1b
2:      bsfl    %eax, %r8d              // a unit's first byte
        movzwl  (%rcx,%r8), %r9d
        xorl    %eax, %eax
        cmpw    (%rdx,%r8), %r9w
        je      6f
        sbbl    %eax, %eax
        orl     $1, %eax
        ret
3:      movl    $8, %r10d               // near a page end: 8 units one at a time
4:      movzwl  (%rcx), %r8d
        cmpw    (%rdx), %r8w
        jne     5f
        testl   %r8d, %r8d
        jz      6f
        addq    $2, %rcx
        addq    $2, %rdx
        decl    %r10d
        jnz     4b
        jmp     1b
5:      sbbl    %eax, %eax
        orl     $1, %eax
        ret
6:      xorl    %eax, %eax
        ret
        .size   polyrun_msvcrt_wcscmp, .-polyrun_msvcrt_wcscmp

        .p2align 4
        .globl  polyrun_msvcrt_wcschr
        .type   polyrun_msvcrt_wcschr, @function
polyrun_msvcrt_wcschr:
        movzwl  %dx, %edx
        movd    %edx, %xmm2             // c in every unit of xmm2
        pshuflw $0, %xmm2, %xmm2
        pshufd  $0, %xmm2, %xmm2
        pxor    %xmm0, %xmm0
1:      PAGE_ROOM_16 %ecx, %eax, 3f
        movdqu  (%rcx), %xmm1
        movdqa  %xmm1, %xmm3
        pcmpeqw %xmm0, %xmm1
        pcmpeqw %xmm2, %xmm3
        por     %xmm3, %xmm1            // NUL or c
        pmovmskb %xmm1, %eax
        testl   %eax, %eax
        jnz     2f
        addq    $16, %rcx
        jmp     1b
2:      bsfl    %eax, %eax
        addq    %rcx, %rax
        cmpw    %dx, (%rax)
        jne     5f
        ret
3:      movl    $8, %r10d
4:      movzwl  (%rcx), %eax
        cmpl    %edx, %eax
        je      6f
        testl   %eax, %eax
        jz      5f
        addq    $2, %rcx
        decl    %r10d
        jnz     4b
        jmp     1b
5:      xorl    %eax, %eax
        ret
6:      movq    %rcx, %rax
        ret
        .size   polyrun_msvcrt_wcschr, .-polyrun_msvcrt_wcschr

// The x64 TEB is 0x2000 bytes (core/windows_isa_x64.cpp); gs:[0x30] is its own address.
        .p2align 4
        .globl  polyrun_msvcrt_errno
        .type   polyrun_msvcrt_errno, @function
polyrun_msvcrt_errno:
        movq    %gs:0x30, %rax
        addq    $0x2000, %rax
        ret
        .size   polyrun_msvcrt_errno, .-polyrun_msvcrt_errno

// mingw-w64's printf asks all three at every %f.
        .p2align 4
        .globl  polyrun_msvcrt_lc_codepage
        .type   polyrun_msvcrt_lc_codepage, @function
polyrun_msvcrt_lc_codepage:
        movl    polyrun_msvcrt_codepage(%rip), %eax
        ret
        .size   polyrun_msvcrt_lc_codepage, .-polyrun_msvcrt_lc_codepage

        .p2align 4
        .globl  polyrun_msvcrt_mb_cur_max
        .type   polyrun_msvcrt_mb_cur_max, @function
polyrun_msvcrt_mb_cur_max:
        movl    polyrun_msvcrt_mb_cur_max_value(%rip), %eax
        ret
        .size   polyrun_msvcrt_mb_cur_max, .-polyrun_msvcrt_mb_cur_max

        .p2align 4
        .globl  polyrun_msvcrt_localeconv
        .type   polyrun_msvcrt_localeconv, @function
polyrun_msvcrt_localeconv:
        movq    polyrun_msvcrt_lconv(%rip), %rax
        testq   %rax, %rax
        jz      9f
        ret
9:      jmpq    *polyrun_msvcrt_localeconv_slow(%rip)
        .size   polyrun_msvcrt_localeconv, .-polyrun_msvcrt_localeconv

        .p2align 4
        .globl  polyrun_msvcrt_malloc
        .type   polyrun_msvcrt_malloc, @function
polyrun_msvcrt_malloc:
        HEAP_CACHE_TAKE 9f
        ret
9:      jmpq    *polyrun_msvcrt_malloc_slow(%rip)
        .size   polyrun_msvcrt_malloc, .-polyrun_msvcrt_malloc

        .p2align 4
        .globl  polyrun_msvcrt_free
        .type   polyrun_msvcrt_free, @function
polyrun_msvcrt_free:
        testq   %rcx, %rcx
        jz      1f                      // free(NULL)
        HEAP_CACHE_GIVE 9f
1:      ret
9:      jmpq    *polyrun_msvcrt_free_slow(%rip)
        .size   polyrun_msvcrt_free, .-polyrun_msvcrt_free

        .globl  polyrun_msvcrt_leaf_end
polyrun_msvcrt_leaf_end:

        .data
        .p2align 3
        .globl  polyrun_msvcrt_malloc_slow
polyrun_msvcrt_malloc_slow:
        .quad   0
        .globl  polyrun_msvcrt_free_slow
polyrun_msvcrt_free_slow:
        .quad   0
        .globl  polyrun_msvcrt_localeconv_slow
polyrun_msvcrt_localeconv_slow:
        .quad   0
        .globl  polyrun_msvcrt_lconv
polyrun_msvcrt_lconv:
        .quad   0
        .globl  polyrun_msvcrt__stricmp_slow
polyrun_msvcrt__stricmp_slow:
        .quad   0
        .globl  polyrun_msvcrt__strnicmp_slow
polyrun_msvcrt__strnicmp_slow:
        .quad   0
        .globl  polyrun_msvcrt_codepage
polyrun_msvcrt_codepage:
        .long   0
        .globl  polyrun_msvcrt_mb_cur_max_value
polyrun_msvcrt_mb_cur_max_value:
        .long   1

        .section .note.GNU-stack, "", @progbits
