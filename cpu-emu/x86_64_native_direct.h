/* Shared by the native switch (assembly) and C++: a direct host-call thunk's function pointer sits
   this many bytes after the thunk (see polyrun_native_direct_entry). */
#pragma once
#define POLYRUN_NATIVE_DIRECT_TABLE 0x100000
