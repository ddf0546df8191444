// WINSPOOL.DRV: the print spooler's client on a machine with no printer installed (polyrun installs
// no printer and no printer driver). The printers and drivers enumerated are none; there is no
// default printer (GetDefaultPrinter: ERROR_FILE_NOT_FOUND, as its page says when none is set); a
// printer's name names none (OpenPrinter, DocumentProperties, DeviceCapabilities:
// ERROR_INVALID_PRINTER_NAME), while OpenPrinter(NULL) opens the local print server; the functions
// that take a printer handle find none but the server's.
#include <set>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/winspool/exports.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t ERROR_INVALID_PRINTER_NAME = 1801, ERROR_INVALID_LEVEL = 124, RPC_X_NULL_REF_POINTER = 1780;

std::set<uint64_t>& servers() {
  static std::set<uint64_t> t;
  return t;
}

bool empty_name(uint64_t s, bool wide) { return !s || (wide ? get<uint16_t>(s) == 0 : get<uint8_t>(s) == 0); }

// GetDefaultPrinter: no printer is the default one.
uint32_t get_default(WindowsProcess& p, uint64_t size) {
  if (!size) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  return p.set_last_error(ERROR_FILE_NOT_FOUND), 0;
}
uint32_t GetDefaultPrinterA(WindowsProcess& p, Ptr, Ptr size) { return get_default(p, size.addr); }
uint32_t GetDefaultPrinterW(WindowsProcess& p, Ptr, Ptr size) { return get_default(p, size.addr); }

// SetDefaultPrinter: a name names no printer; none (or "") asks for the first printer installed when
// there is no default one, and there is none to make the default: ERROR_INVALID_PRINTER_NAME either way.
uint32_t SetDefaultPrinterA(WindowsProcess& p, AStr) { return p.set_last_error(ERROR_INVALID_PRINTER_NAME), 0; }
uint32_t SetDefaultPrinterW(WindowsProcess& p, WStr) { return p.set_last_error(ERROR_INVALID_PRINTER_NAME), 0; }

// EnumPrinters: levels 1, 2, 4 and 5; no printer, local or connected, shared or on the network
// (this machine's printers are the ones it could share).
uint32_t enum_printers(WindowsProcess& p, uint32_t level, uint64_t needed, uint64_t returned) {
  if (level != 1 && level != 2 && level != 4 && level != 5) return p.set_last_error(ERROR_INVALID_LEVEL), 0;
  if (!needed || !returned) return p.set_last_error(RPC_X_NULL_REF_POINTER), 0;
  put<uint32_t>(needed, 0);
  put<uint32_t>(returned, 0);
  return 1;
}
uint32_t EnumPrintersA(WindowsProcess& p, uint32_t, AStr, uint32_t level, Ptr, uint32_t, Ptr needed, Ptr returned) {
  return enum_printers(p, level, needed.addr, returned.addr);
}
uint32_t EnumPrintersW(WindowsProcess& p, uint32_t, WStr, uint32_t level, Ptr, uint32_t, Ptr needed, Ptr returned) {
  return enum_printers(p, level, needed.addr, returned.addr);
}

// EnumPrinterDrivers: levels 1 … 8; no printer driver is installed for any environment.
uint32_t enum_drivers(WindowsProcess& p, uint32_t level, uint64_t needed, uint64_t returned) {
  if (level < 1 || level > 8) return p.set_last_error(ERROR_INVALID_LEVEL), 0;
  if (!needed || !returned) return p.set_last_error(RPC_X_NULL_REF_POINTER), 0;
  put<uint32_t>(needed, 0);
  put<uint32_t>(returned, 0);
  return 1;
}
uint32_t EnumPrinterDriversA(WindowsProcess& p, AStr, AStr, uint32_t level, Ptr, uint32_t, Ptr needed, Ptr returned) {
  return enum_drivers(p, level, needed.addr, returned.addr);
}
uint32_t EnumPrinterDriversW(WindowsProcess& p, WStr, WStr, uint32_t level, Ptr, uint32_t, Ptr needed, Ptr returned) {
  return enum_drivers(p, level, needed.addr, returned.addr);
}

// OpenPrinter(2): no name opens the local print server; any other names no printer.
uint32_t open_printer(WindowsProcess& p, uint64_t name, uint64_t out, bool wide) {
  if (!out) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  p.put_ptr(out, 0);
  if (!empty_name(name, wide)) return p.set_last_error(ERROR_INVALID_PRINTER_NAME), 0;
  const uint64_t h = p.heap.alloc(8, true);
  servers().insert(h);
  p.put_ptr(out, h);
  return 1;
}
uint32_t OpenPrinterA(WindowsProcess& p, AStr name, Ptr out, Ptr) { return open_printer(p, name.addr, out.addr, false); }
uint32_t OpenPrinterW(WindowsProcess& p, WStr name, Ptr out, Ptr) { return open_printer(p, name.addr, out.addr, true); }
uint32_t OpenPrinter2A(WindowsProcess& p, AStr name, Ptr out, Ptr, Ptr) { return open_printer(p, name.addr, out.addr, false); }
uint32_t OpenPrinter2W(WindowsProcess& p, WStr name, Ptr out, Ptr, Ptr) { return open_printer(p, name.addr, out.addr, true); }

uint32_t ClosePrinter(WindowsProcess& p, Ptr h) {
  if (!servers().erase(h.addr)) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  p.heap.free(h.addr);
  return 1;
}

// The functions of a printer's handle: the server's handle is none, and no printer can be opened.
uint32_t no_printer(WindowsProcess& p) { return p.set_last_error(ERROR_INVALID_HANDLE), 0; }
uint32_t StartDocPrinterA(WindowsProcess& p, Ptr, uint32_t, Ptr) { return no_printer(p); }
uint32_t StartDocPrinterW(WindowsProcess& p, Ptr, uint32_t, Ptr) { return no_printer(p); }
uint32_t StartPagePrinter(WindowsProcess& p, Ptr) { return no_printer(p); }
uint32_t EndPagePrinter(WindowsProcess& p, Ptr) { return no_printer(p); }
uint32_t EndDocPrinter(WindowsProcess& p, Ptr) { return no_printer(p); }
uint32_t AbortPrinter(WindowsProcess& p, Ptr) { return no_printer(p); }
uint32_t WritePrinter(WindowsProcess& p, Ptr, Ptr, uint32_t, Ptr written) {
  if (written) put<uint32_t>(written.addr, 0);
  return no_printer(p);
}
uint32_t ReadPrinter(WindowsProcess& p, Ptr, Ptr, uint32_t, Ptr read) {
  if (read) put<uint32_t>(read.addr, 0);
  return no_printer(p);
}

// DocumentProperties: a printer's DEVMODE; no printer to ask (a negative result).
int32_t document_properties(WindowsProcess& p) {
  p.set_last_error(ERROR_INVALID_PRINTER_NAME);
  return -1;
}
int32_t DocumentPropertiesA(WindowsProcess& p, Ptr, Ptr, AStr, Ptr, Ptr, uint32_t) { return document_properties(p); }
int32_t DocumentPropertiesW(WindowsProcess& p, Ptr, Ptr, WStr, Ptr, Ptr, uint32_t) { return document_properties(p); }

// DeviceCapabilities: a printer's capabilities; no printer: -1.
int32_t DeviceCapabilitiesA(WindowsProcess& p, AStr, AStr, uint16_t, Ptr, Ptr) {
  p.set_last_error(ERROR_INVALID_PRINTER_NAME);
  return -1;
}
int32_t DeviceCapabilitiesW(WindowsProcess& p, WStr, WStr, uint16_t, Ptr, Ptr) {
  p.set_last_error(ERROR_INVALID_PRINTER_NAME);
  return -1;
}

}  // namespace

const Dll kWinspool{
    "winspool.drv",
    false,
    {
        EXPORT("GetDefaultPrinterA", GetDefaultPrinterA),
        EXPORT("GetDefaultPrinterW", GetDefaultPrinterW),
        EXPORT("SetDefaultPrinterA", SetDefaultPrinterA),
        EXPORT("SetDefaultPrinterW", SetDefaultPrinterW),
        EXPORT("EnumPrintersA", EnumPrintersA),
        EXPORT("EnumPrintersW", EnumPrintersW),
        EXPORT("EnumPrinterDriversA", EnumPrinterDriversA),
        EXPORT("EnumPrinterDriversW", EnumPrinterDriversW),
        EXPORT("OpenPrinterA", OpenPrinterA),
        EXPORT("OpenPrinterW", OpenPrinterW),
        EXPORT("OpenPrinter2A", OpenPrinter2A),
        EXPORT("OpenPrinter2W", OpenPrinter2W),
        EXPORT("ClosePrinter", ClosePrinter),
        EXPORT("StartDocPrinterA", StartDocPrinterA),
        EXPORT("StartDocPrinterW", StartDocPrinterW),
        EXPORT("StartPagePrinter", StartPagePrinter),
        EXPORT("EndPagePrinter", EndPagePrinter),
        EXPORT("EndDocPrinter", EndDocPrinter),
        EXPORT("AbortPrinter", AbortPrinter),
        EXPORT("WritePrinter", WritePrinter),
        EXPORT("ReadPrinter", ReadPrinter),
        EXPORT("DocumentPropertiesA", DocumentPropertiesA),
        EXPORT("DocumentPropertiesW", DocumentPropertiesW),
        EXPORT("DeviceCapabilitiesA", DeviceCapabilitiesA),
        EXPORT("DeviceCapabilitiesW", DeviceCapabilitiesW),
        EXPORT("DeviceCapabilities", DeviceCapabilitiesA),
    },
    // Windows' ordinals for the default printer's functions.
    {{201, "GetDefaultPrinterA"}, {202, "SetDefaultPrinterA"}, {203, "GetDefaultPrinterW"}, {204, "SetDefaultPrinterW"}},
};

}  // namespace polyrun::shims
