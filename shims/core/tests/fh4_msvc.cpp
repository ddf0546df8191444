// __CxxFrameHandler4 end to end: fh4_demo (fh4_msvc_x64.s) carries MSVC 2019's compressed tables,
// written out by hand since no compiler here emits them; this side throws and reports.
#include "msvc.h"

extern "C" {
void guard_ctor(int* g) {
  *g = 7;
  puts("  guard constructed");
}
void guard_dtor(int* g) { printf("  guard destroyed (%d)\n", *g); }
void thrower(int k) {
  if (k == 1) throw 41;
  if (k == 2) throw 2.5;
}
void report_catch(int v) { printf("  caught int %d in the FH4 catch block\n", v); }
int fh4_demo(int k);
}

int main() {
  for (int k = 0; k <= 2; ++k) {
    try {
      int r = fh4_demo(k);
      printf("fh4_demo(%d) returned %d\n", k, r);
    } catch (double d) {
      printf("fh4_demo(%d) let a double through: %.1f\n", k, d);
    }
  }
  return 0;
}
