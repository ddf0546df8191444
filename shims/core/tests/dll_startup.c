// Programs that cannot start: dll_missing.exe imports modgone.dll, which is not shipped beside it;
// dll_initfail.exe (built with -DINIT_FAIL) imports modfail.dll, whose DllMain refuses
// (tests/windows/dll_startup.sh checks the exit status and the one line polyrun prints).
#include <stdio.h>

#ifdef INIT_FAIL
__declspec(dllimport) int modfail_unused(void);
#define CALL modfail_unused
#else
__declspec(dllimport) int gone_function(void);
#define CALL gone_function
#endif

int main(void) {
  printf("started\n");
  return CALL();
}
