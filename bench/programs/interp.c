/* A branchy bytecode interpreter (switch dispatch over a register VM) counting Collatz steps for
 * every n below a limit.  Usage: interp [scale] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { LI, MOV, ADD, MUL, DIV, MOD, JGE, JLE, JZ, JMP, HALT };

typedef struct {
  uint8_t op, a, b, c;
  int32_t imm;
} Insn;

static int64_t run(const Insn* code, int64_t* r) {
  for (int pc = 0;;) {
    const Insn in = code[pc++];
    switch (in.op) {
      case LI: r[in.a] = in.imm; break;
      case MOV: r[in.a] = r[in.b]; break;
      case ADD: r[in.a] = r[in.b] + r[in.c]; break;
      case MUL: r[in.a] = r[in.b] * r[in.c]; break;
      case DIV: r[in.a] = r[in.b] / r[in.c]; break;
      case MOD: r[in.a] = r[in.b] % r[in.c]; break;
      case JGE: if (r[in.a] >= r[in.b]) pc = in.imm; break;
      case JLE: if (r[in.a] <= r[in.b]) pc = in.imm; break;
      case JZ: if (r[in.a] == 0) pc = in.imm; break;
      case JMP: pc = in.imm; break;
      case HALT: return r[2];
    }
  }
}

int main(int argc, char** argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  /* r0 = n, r1 = limit, r2 = total steps, r3 = x, r4 = 1, r5 = 2, r6 = 3, r8 = scratch */
  const Insn code[] = {
      /* 0 */ {LI, 0, 0, 0, 1},   {LI, 2, 0, 0, 0},  {LI, 4, 0, 0, 1}, {LI, 5, 0, 0, 2}, {LI, 6, 0, 0, 3},
      /* 5 */ {JGE, 0, 1, 0, 19}, {MOV, 3, 0, 0, 0},
      /* 7 */ {JLE, 3, 4, 0, 17}, {MOD, 8, 3, 5, 0}, {JZ, 8, 0, 0, 14},
      /* 10 */ {MUL, 3, 3, 6, 0}, {ADD, 3, 3, 4, 0}, {ADD, 2, 2, 4, 0}, {JMP, 0, 0, 0, 7},
      /* 14 */ {DIV, 3, 3, 5, 0}, {ADD, 2, 2, 4, 0}, {JMP, 0, 0, 0, 7},
      /* 17 */ {ADD, 0, 0, 4, 0}, {JMP, 0, 0, 0, 5},
      /* 19 */ {HALT, 0, 0, 0, 0},
  };
  uint64_t check = 0;
  for (int s = 0; s < scale; ++s) {
    int64_t r[16] = {0};
    r[1] = 30000;
    check += (uint64_t)run(code, r);
  }
  printf("interp %llu\n", (unsigned long long)check);
  return 0;
}
