// modcyca.dll and modcycb.dll (built with -DSECOND) import each other: loading either loads both,
// and freeing it unloads both.
#ifdef SECOND
__declspec(dllimport) int cyc_a(int n);
__declspec(dllexport) int cyc_b(int n) { return n <= 0 ? 0 : 1 + cyc_a(n - 1); }
#else
__declspec(dllimport) int cyc_b(int n);
__declspec(dllexport) int cyc_a(int n) { return n <= 0 ? 0 : 1 + cyc_b(n - 1); }
#endif
