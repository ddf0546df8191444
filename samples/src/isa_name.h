/* The name of the ISA a sample is built for, as its hello prints it. */
#pragma once
#if defined(__aarch64__)
#define ISA "aarch64"
#elif defined(__riscv)
#define ISA "riscv64"
#elif defined(__arm__)
#define ISA "arm"
#elif defined(__i386__)
#define ISA "i386"
#elif defined(__s390x__)
#define ISA "s390x"
#elif defined(__x86_64__)
#define ISA "x86_64"
#endif
