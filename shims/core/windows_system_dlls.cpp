// The DLLs of Windows' own system directory that programs import, whether polyrun implements them
// or not, with the Visual C++ runtimes its redistributables install there. A program that imports one polyrun lacks still starts, its imports bound to stops
// ("polyrun: unimplemented: GDI32.dll!…" when called), as it starts on a Windows whose DLL lacks a
// function it never calls; a DLL that is neither one of these nor found beside the program stops
// it at start-up, as Windows does (core/windows_modules.cpp).
#include <algorithm>
#include <cstring>
#include <string>

#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace {

// Sorted, lower case.
const char* const kSystemDlls[] = {
    "aclui.dll", "activeds.dll", "advapi32.dll", "advpack.dll", "amsi.dll", "apphelp.dll", "atl.dll", "authz.dll",
    "avicap32.dll", "avifil32.dll", "avrt.dll", "bcrypt.dll", "bcryptprimitives.dll", "bluetoothapis.dll",
    "cabinet.dll", "cfgmgr32.dll", "clusapi.dll", "combase.dll", "comctl32.dll", "comdlg32.dll", "concrt140.dll",
    "credui.dll", "crypt32.dll", "cryptbase.dll", "cryptnet.dll", "cryptsp.dll", "cryptui.dll", "d2d1.dll",
    "d3d10.dll", "d3d10_1.dll", "d3d11.dll", "d3d12.dll", "d3d8.dll", "d3d9.dll", "d3dcompiler_47.dll",
    "davclnt.dll", "dbgeng.dll", "dbghelp.dll", "dcomp.dll", "ddraw.dll", "devobj.dll", "dhcpcsvc.dll",
    "dinput.dll", "dinput8.dll", "dnsapi.dll", "dpapi.dll", "dsound.dll", "dwmapi.dll", "dwrite.dll", "dxgi.dll",
    "dxva2.dll", "esent.dll", "evr.dll", "fltlib.dll", "fwpuclnt.dll", "gdi32.dll", "gdiplus.dll", "glu32.dll",
    "hid.dll", "hlink.dll", "httpapi.dll", "icmp.dll", "imagehlp.dll", "imm32.dll", "iphlpapi.dll", "kernel32.dll",
    "kernelbase.dll", "ksuser.dll", "ktmw32.dll", "logoncli.dll", "lz32.dll", "mf.dll", "mfc140.dll", "mfc140u.dll",
    "mfc42.dll", "mfc42u.dll", "mfplat.dll", "mfreadwrite.dll", "mgmtapi.dll", "mlang.dll", "mmdevapi.dll",
    "mpr.dll", "msacm32.dll", "mscms.dll", "mscoree.dll", "msctf.dll", "msi.dll", "msimg32.dll", "msvcp100.dll",
    "msvcp110.dll", "msvcp120.dll", "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "msvcp140_atomic_wait.dll",
    "msvcp140_codecvt_ids.dll", "msvcp60.dll", "msvcp80.dll", "msvcp90.dll", "msvcr100.dll", "msvcr110.dll",
    "msvcr120.dll", "msvcr80.dll", "msvcr90.dll", "msvcrt.dll", "msvfw32.dll", "mswsock.dll", "ncrypt.dll",
    "netapi32.dll", "netutils.dll", "newdev.dll", "normaliz.dll", "ntdll.dll", "ntdsapi.dll", "odbc32.dll",
    "ole32.dll", "oleacc.dll", "oleaut32.dll", "oledlg.dll", "opengl32.dll", "pdh.dll", "powrprof.dll",
    "profapi.dll", "propsys.dll", "psapi.dll", "rasapi32.dll", "riched20.dll", "rpcrt4.dll", "rstrtmgr.dll",
    "samcli.dll", "sechost.dll", "secur32.dll", "sensapi.dll", "setupapi.dll", "sfc.dll", "shcore.dll",
    "shell32.dll", "shfolder.dll", "shlwapi.dll", "slc.dll", "srvcli.dll", "sspicli.dll", "t2embed.dll",
    "tapi32.dll", "taskschd.dll", "tbs.dll", "tdh.dll", "ucrtbase.dll", "uiautomationcore.dll", "urlmon.dll",
    "user32.dll", "userenv.dll", "usp10.dll", "uxtheme.dll", "vcomp140.dll", "vcruntime140.dll",
    "vcruntime140_1.dll", "version.dll", "virtdisk.dll", "webservices.dll", "websocket.dll", "wer.dll",
    "wevtapi.dll", "win32u.dll", "windowscodecs.dll", "winhttp.dll", "wininet.dll", "winmm.dll", "winscard.dll",
    "winspool.drv", "winsta.dll", "wintrust.dll", "winusb.dll", "wlanapi.dll", "wldap32.dll", "wmi.dll",
    "wofutil.dll", "ws2_32.dll", "wsock32.dll", "wtsapi32.dll", "xinput1_3.dll", "xinput1_4.dll", "xinput9_1_0.dll",
    "xmllite.dll",
};

}  // namespace

// `name`: a file name in lower case with its extension ("gdi32.dll").
bool is_windows_system_dll(const std::string& name) {
  if (name.rfind("api-ms-win-", 0) == 0 || name.rfind("ext-ms-win-", 0) == 0) return true;
  return std::binary_search(std::begin(kSystemDlls), std::end(kSystemDlls), name.c_str(),
                            [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
}

}  // namespace polyrun::shims
