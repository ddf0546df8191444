/* The MSVCP140.dll msvcp140_app_local ships beside its copy: a DLL of its own, told apart by its
   export. */
__declspec(dllexport) int app_local_marker(void) { return 42; }
