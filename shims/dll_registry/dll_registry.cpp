// The one list of the DLLs polyrun serves, above every DLL folder: core finds a program's imports,
// LoadLibrary's names and the DLLs' start-up work in it (register_builtin_dlls). A new DLL is its
// folder (with its exports.h) and one line here.
#include "shims/dll_registry/dll_registry.h"

#include "shims/advapi32/exports.h"
#include "shims/avicap32/exports.h"
#include "shims/bcrypt/exports.h"
#include "shims/cabinet/exports.h"
#include "shims/comctl32/exports.h"
#include "shims/comdlg32/exports.h"
#include "shims/crypt32/exports.h"
#include "shims/dbghelp/exports.h"
#include "shims/gdi32/exports.h"
#include "shims/imagehlp/exports.h"
#include "shims/imm32/exports.h"
#include "shims/iphlpapi/exports.h"
#include "shims/kernel32/exports.h"
#include "shims/kernelbase/exports.h"
#include "shims/msvcp100/exports.h"
#include "shims/msvcp120/exports.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp90/exports.h"
#include "shims/msvcrt/exports.h"
#include "shims/ncrypt/exports.h"
#include "shims/netapi32/exports.h"
#include "shims/ntdll/exports.h"
#include "shims/ole32/exports.h"
#include "shims/oleaut32/exports.h"
#include "shims/pdh/exports.h"
#include "shims/powrprof/exports.h"
#include "shims/riched20/exports.h"
#include "shims/rpcrt4/exports.h"
#include "shims/rstrtmgr/exports.h"
#include "shims/secur32/exports.h"
#include "shims/setupapi/exports.h"
#include "shims/shcore/exports.h"
#include "shims/shell32/exports.h"
#include "shims/shlwapi/exports.h"
#include "shims/user32/exports.h"
#include "shims/userenv/exports.h"
#include "shims/uxtheme/exports.h"
#include "shims/version/exports.h"
#include "shims/wininet/exports.h"
#include "shims/winmm/exports.h"
#include "shims/wintrust/exports.h"
#include "shims/winspool/exports.h"
#include "shims/wldap32/exports.h"
#include "shims/ws2_32/exports.h"
#include "shims/wtsapi32/exports.h"

namespace polyrun::shims {

void install_builtin_dlls() {
  // KERNEL32 first: its start-up registers the console's hooks, which the others' may use.
  register_builtin_dlls({&kKernel32,  &kMsvcrt,   &kUcrtbase,         &kNtdll,     &kUser32,   &kAdvapi32,
                         &kShell32,   &kOleaut32, &kBcrypt,           &kBcryptprimitives, &kOle32, &kUserenv,
                         &kIphlpapi,  &kWs2_32,   &kWinmm,            &kSecur32,   &kMswsock,  &kShlwapi,
                         &kPsapi,     &kNcrypt,   &kNetapi32,         &kDbghelp,   &kGdi32,    &kMsimg32,
                         &kComctl32,  &kComdlg32, &kRiched20,         &kRiched32,  &kMsftedit, &kVersionDll,
                         &kWsock32,   &kCrypt32,  &kRpcrt4,           &kPdh,       &kPowrprof, &kImm32,
                         &kKernelbase, &kMsvcp140, &kMsvcp120, &kMsvcp110, &kMsvcp100, &kMsvcp90, &kWldap32, &kCabinet,
                         &kSetupapi, &kCfgmgr32, &kAvicap32, &kWtsapi32, &kWinspool, &kImagehlp, &kRstrtmgr, &kWininet,
                         &kWintrust, &kUxtheme, &kShfolder, &kShcore});
}

}  // namespace polyrun::shims
