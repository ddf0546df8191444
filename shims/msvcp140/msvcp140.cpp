// MSVCP140.dll, the C++ standard library's runtime of Visual Studio 2015 to 2022: the functions a
// program built with MSVC's dynamic runtime (/MD) calls out of <mutex>, <thread>, <stdexcept> and
// the rest. Each export has the name MSVC decorates it with: C++ names differ between i386 and x64
// (pointers are `PEA`/`PEB` on x64, member functions `QEAA` there and thiscall `QAE` on i386), and
// the table holds both forms. The functions are cdecl on i386 (the C runtime's convention), member
// functions thiscall. One file per family (README.md).
#include "shims/msvcp140/exports.h"

#include <set>
#include <string>

#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace {

std::vector<Export> all_exports() {
  std::vector<Export> all;
  std::set<std::string> names;
  for (const auto* part : {&msvcp::thread_exports(), &msvcp::exception_exports(), &msvcp::error_map_exports(),
                            &msvcp::lockit_exports(), &msvcp::numeric_exports(),
                            &msvcp::exception_ptr_exports(), &msvcp::crt_wrapper_exports(),
                            &msvcp::filesystem_exports(), &msvcp::task_exports(),
                            &msvcp::manipulator_exports(), &msvcp::ctype_exports(),
                            &msvcp::collate_exports(), &msvcp::yarn_exports(), &msvcp::locale_exports(),
                            &msvcp::facet_exports(), &msvcp::streambuf_exports(), &msvcp::ios_exports(),
                            &msvcp::ostream_exports(), &msvcp::istream_exports(), &msvcp::std_stream_exports(),
                            &msvcp::num_facet_exports(), &msvcp::time_facet_exports(),
                            &msvcp::time_get_exports()})
    for (const Export& e : *part)
      if (names.insert(e.name).second) all.push_back(e);  // (a name both ISAs spell alike comes once)
  return all;
}

}  // namespace

const std::vector<Export>& msvcp::msvcp140_exports() {
  static const std::vector<Export> e = all_exports();
  return e;
}

// A copy of MSVCP140.dll the program ships beside itself is loaded instead of this table, which is
// not whole yet (Dll::app_local_first).
const Dll kMsvcp140{.name = "msvcp140.dll", .crt = true, .exports = msvcp::msvcp140_exports(), .app_local_first = true};

const Dll& msvcp::this_dll() { return kMsvcp140; }

}  // namespace polyrun::shims
