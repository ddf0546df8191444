// modgone.dll: linked against by dll_missing.exe, and not shipped with it.
__declspec(dllexport) int gone_function(void) { return 0; }
