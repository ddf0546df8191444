// PrintDlg and PageSetupDlg on a machine without printers, which is what polyrun offers (it has no
// spooler and no printer drivers): as Windows' dialogs do when there is no default printer, each
// says so in a message box (unless PD_NOWARNING or PSD_NOWARNING) and fails with
// CommDlgExtendedError PDERR_NODEFAULTPRN, having changed nothing of the program's structure (no
// hDevMode, hDevNames or hDC). PD_RETURNDEFAULT and PSD_RETURNDEFAULT, which ask for the default
// printer without a dialog, fail the same way without a word, or with PDERR_RETDEFFAILURE when
// hDevMode or hDevNames is already set. A structure of the wrong size fails with CDERR_STRUCTSIZE,
// none with CDERR_INITIALIZATION.
#include <string>

#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::comdlg32 {

namespace {

enum : uint32_t {
  PD_RETURNDEFAULT = 0x400, PD_NOWARNING = 0x80, PD_PRINTSETUP = 0x40,
  PSD_NOWARNING = 0x80, PSD_RETURNDEFAULT = 0x400,
  CDERR_STRUCTSIZE_P = 1, CDERR_INITIALIZATION_P = 2, PDERR_RETDEFFAILURE = 0x1003, PDERR_NODEFAULTPRN = 0x1008,
  kPrintMbOk = 0x0, kPrintMbIconWarning = 0x30,
};

// The fields both structures begin with (lStructSize, hwndOwner, hDevMode, hDevNames), and where
// each has its Flags; PRINTDLG is packed on 32-bit Windows.
struct PrintLayout {
  uint32_t size, flags;
};

BOOL no_printer(WindowsProcess& p, uint64_t s, const PrintLayout& l, uint32_t return_default, uint32_t no_warning,
                const char16_t* caption) {
  const unsigned w = p.isa->ptr;
  if (!s) return set_dialog_error(CDERR_INITIALIZATION_P), FALSE;
  if (get<uint32_t>(s) != l.size) return set_dialog_error(CDERR_STRUCTSIZE_P), FALSE;
  const uint32_t flags = get<uint32_t>(s + l.flags);
  if (flags & return_default) {
    const bool given = p.get_ptr(s + 2 * w) || p.get_ptr(s + 3 * w);
    return set_dialog_error(given ? PDERR_RETDEFFAILURE : PDERR_NODEFAULTPRN), FALSE;
  }
  if (!(flags & no_warning))
    message_box(p, p.get_ptr(s + w), u"No printers are installed, so there is nothing to print on or to set up pages for.",
                caption, kPrintMbOk | kPrintMbIconWarning);
  return set_dialog_error(PDERR_NODEFAULTPRN), FALSE;
}

// PRINTDLG: lStructSize, hwndOwner, hDevMode, hDevNames, hDC, Flags …: 120 bytes (x64), 66 (i386).
BOOL print_dialog(WindowsProcess& p, uint64_t pd) {
  const PrintLayout l = p.isa->ptr == 8 ? PrintLayout{120, 40} : PrintLayout{66, 20};
  const uint32_t flags = pd && get<uint32_t>(pd) == l.size ? get<uint32_t>(pd + l.flags) : 0;
  return no_printer(p, pd, l, PD_RETURNDEFAULT, PD_NOWARNING, (flags & PD_PRINTSETUP) ? u"Print Setup" : u"Print");
}

// PAGESETUPDLG: lStructSize, hwndOwner, hDevMode, hDevNames, Flags …: 136 bytes (x64), 84 (i386).
BOOL page_setup_dialog(WindowsProcess& p, uint64_t psd) {
  const PrintLayout l = p.isa->ptr == 8 ? PrintLayout{136, 32} : PrintLayout{84, 16};
  return no_printer(p, psd, l, PSD_RETURNDEFAULT, PSD_NOWARNING, u"Page Setup");
}

BOOL PrintDlgW(WindowsProcess& p, Ptr pd) { return print_dialog(p, pd.addr); }
BOOL PrintDlgA(WindowsProcess& p, Ptr pd) { return print_dialog(p, pd.addr); }
BOOL PageSetupDlgW(WindowsProcess& p, Ptr psd) { return page_setup_dialog(p, psd.addr); }
BOOL PageSetupDlgA(WindowsProcess& p, Ptr psd) { return page_setup_dialog(p, psd.addr); }

}  // namespace

const std::vector<Export>& print_dialog_exports() {
  static const std::vector<Export> e = {
      EXPORT("PrintDlgW", PrintDlgW),
      EXPORT("PrintDlgA", PrintDlgA),
      EXPORT("PageSetupDlgW", PageSetupDlgW),
      EXPORT("PageSetupDlgA", PageSetupDlgA),
  };
  return e;
}

}  // namespace polyrun::shims::comdlg32
