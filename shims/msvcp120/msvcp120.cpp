// MSVCP120.dll and MSVCP110.dll, the C++ standard library's runtimes of Visual Studio 2013 and
// 2012. Their objects are laid out as MSVCP140's (ios_base, the stream buffers, the locale and its
// facets, the mutexes and threads: Visual C++ 2012 changed the layouts last), so MSVCP140's
// functions (shims/msvcp140) serve them, under the names these runtimes give them:
//
// - every MSVCP140 name (the table ends in MSVCP140's: Dll::base);
// - the names whose types differ only by the multibyte state: before Visual Studio 2015 mbstate_t
//   was an int, so codecvt<wchar_t, char, int> and fpos<int> stand where MSVCP140 has
//   codecvt<wchar_t, char, _Mbstatet> and fpos<_Mbstatet> (`U_Mbstatet@@` becomes `H` in the
//   decorated name; MSVCP140's functions read and write only an mbstate_t's first four bytes);
// - the families these runtimes have and MSVCP140 does not: <filesystem>'s tr2::sys functions
//   (tr2_filesystem.cpp), the debug iterators' container bases, std::placeholders and the wide
//   character classes (header_support.cpp), and, from MSVCP140's files, std::_Pad (std::thread's
//   launch), _Call_once, _Thrd_lt, std::ws, _Dscale and _Eps (msvcp_internal.h's *_vc12 tables).
//
// MSVCP110 has a few names of its own beyond MSVCP120's (std::endl, ends and flush as functions,
// ios_base's operator void*, tr2::sys functions over plain pointers, wctype/wctrans/towctrans) and
// ends in MSVCP120's table.
#include "shims/msvcp120/exports.h"

#include <string>

#include "shims/msvcp120/msvcp120_internal.h"
#include "shims/msvcp140/export_tables.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace {

std::vector<Export> int_state_names() {
  // MSVCP140's names that carry the state's type, under the int's spelling (the same functions).
  std::vector<Export> out;
  for (const Export& e : msvcp::msvcp140_exports()) {
    std::string name = e.name;
    if (!msvcp_tables::int_state_name(name)) continue;
    Export copy = e;
    copy.name = msvcp_tables::kept_name(name);
    out.push_back(copy);
  }
  return msvcp_tables::join_exports({&out}, false);
}

std::vector<Export> join(std::initializer_list<const std::vector<Export>*> parts) {
  return msvcp_tables::join_exports(parts, false);
}

std::vector<Export> msvcp120_exports() {
  static const std::vector<Export> renamed = int_state_names();
  return join({&renamed, &msvcp::ctype_vc12_exports(), &msvcp::thread_vc12_exports(), &msvcp::numeric_vc12_exports(), &msvcp::istream_vc12_exports(),
               &msvcp120::tr2_filesystem_exports(), &msvcp120::header_support_exports(),
               &msvcp120::concurrent_container_exports()});
}

std::vector<Export> msvcp110_exports() {
  return join({&msvcp::ostream_vc11_exports(), &msvcp::ios_vc11_exports(), &msvcp120::tr2_filesystem_vc11_exports()});
}

}  // namespace

// A program's own copy beside it is loaded instead, as for MSVCP140 (Dll::app_local_first).
const Dll kMsvcp120{.name = "msvcp120.dll", .crt = true, .exports = msvcp120_exports(), .base = &kMsvcp140,
                    .app_local_first = true};
// (wctype, wctrans and towctrans are the C runtime's, as MSVCP110 has them.)
const Dll kMsvcp110{.name = "msvcp110.dll", .crt = true, .exports = msvcp110_exports(), .base = &kMsvcp120,
                    .forwards = {{"ucrtbase.dll", {"wctype", "wctrans", "towctrans"}}}, .app_local_first = true};

}  // namespace polyrun::shims
