/* LSE's maximum and minimum atomics (LDSMAX, LDSMIN, LDUMAX, LDUMIN, ARMv8.1) of each size, with
 * operands on both sides of each size's sign, in a program with one thread: the signed forms
 * compare the operands as signed numbers of the access's size, the unsigned ones as unsigned
 * numbers. Each line: the value memory held, the operand, what memory holds after, what the
 * instruction returned. Built -march=armv8.1-a; aarch64 only (the instructions spelled out). */
#include <stdint.h>
#include <stdio.h>

#define OP(name, insn, type, reg)                                                          \
  static void name(type start, type operand) {                                             \
    type mem = start, old;                                                                 \
    __asm__ volatile(insn " %" reg "2, %" reg "0, [%1]" : "=&r"(old) : "r"(&mem), "r"(operand) \
                     : "memory");                                                          \
    printf("%-8s %#llx %#llx -> %#llx (was %#llx)\n", insn, (unsigned long long)start,         \
           (unsigned long long)operand, (unsigned long long)mem, (unsigned long long)old);    \
  }

OP(smaxb, "ldsmaxb", uint8_t, "w")
OP(sminb, "ldsminb", uint8_t, "w")
OP(umaxb, "ldumaxb", uint8_t, "w")
OP(uminb, "lduminb", uint8_t, "w")
OP(smaxh, "ldsmaxh", uint16_t, "w")
OP(sminh, "ldsminh", uint16_t, "w")
OP(umaxh, "ldumaxh", uint16_t, "w")
OP(uminh, "lduminh", uint16_t, "w")
OP(smaxw, "ldsmax", uint32_t, "w")
OP(sminw, "ldsmin", uint32_t, "w")
OP(umaxw, "ldumax", uint32_t, "w")
OP(uminw, "ldumin", uint32_t, "w")
OP(smaxx, "ldsmax", uint64_t, "x")
OP(sminx, "ldsmin", uint64_t, "x")
OP(umaxx, "ldumax", uint64_t, "x")
OP(uminx, "ldumin", uint64_t, "x")
OP(sminal, "ldsminal", uint32_t, "w")
OP(smaxlb, "ldsmaxlb", uint8_t, "w")

int main(void) {
  static const uint64_t values[] = {0, 1, 0x29, 0x7f, 0x80, 0xc9, 0xff, 0x7fff, 0x8000, 0xfff9,
                                    0x7fffffff, 0x80000000, 0xfffffffd, 0x8000000000000000ull,
                                    0xffffffffffffffffull};
  const int n = sizeof values / sizeof values[0];
  for (int i = 0; i < n; i += 2)
    for (int j = 1; j < n; j += 3) {
      const uint64_t a = values[i], b = values[j];
      smaxb(a, b), sminb(a, b), umaxb(a, b), uminb(a, b);
      smaxh(a, b), sminh(a, b), umaxh(a, b), uminh(a, b);
      smaxw(a, b), sminw(a, b), umaxw(a, b), uminw(a, b);
      smaxx(a, b), sminx(a, b), umaxx(a, b), uminx(a, b);
      sminal(a, b), smaxlb(a, b);
    }
  return 0;
}
