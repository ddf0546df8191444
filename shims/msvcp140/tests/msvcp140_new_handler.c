// MSVCP140.dll's std::set_new_handler, called by name: each call returns the handler set before
// it (none at first), as Microsoft Learn's "set_new_handler" says.
#include <stdio.h>
#include <windows.h>

#include "msvcp_names.h"

static void __cdecl handler_a(void) {}
static void __cdecl handler_b(void) {}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  typedef void(__cdecl * handler_t)(void);
  handler_t(__cdecl * set_new_handler)(handler_t) = fn("?set_new_handler@std@@YAP6AXXZP6AXXZ@Z");
  handler_t old = set_new_handler(handler_a);
  printf("set_new_handler(a): returns none %d\n", old == NULL);
  old = set_new_handler(handler_b);
  printf("set_new_handler(b): returns a %d\n", old == handler_a);
  old = set_new_handler(NULL);
  printf("set_new_handler(none): returns b %d\n", old == handler_b);
  old = set_new_handler(NULL);
  printf("set_new_handler(none) again: returns none %d\n", old == NULL);
  fflush(stdout);
  return 0;
}
