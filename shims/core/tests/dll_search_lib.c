// modsearch.dll and modchain.dll (which imports modsearch.dll): DLLs kept in a directory of their
// own (dll-plugins/ beside dll_search.exe), found only where the search order is told to look.
#ifdef CHAIN
__declspec(dllimport) int search_value(void);
__declspec(dllexport) int chain_value(void) { return search_value() + 1; }
#else
__declspec(dllexport) int search_value(void) { return 41; }
#endif
