// MSVCP90.dll, the C++ standard library's runtime of Visual Studio 2008: MSVCP140's files built
// again for Visual C++ 2008's objects (MSVCP_VERSION 90, namespace msvcp90: README.md), with the
// basic_string members this runtime exports (basic_string.cpp). Its names are its own where the
// types changed: streamsize an int and streamoff a long on i386 (the files' MSVCP_SIZE86 and
// MSVCP_OFF86), and fpos's state an int on both ISAs (`H` for _Mbstatet, renamed here).
#include "shims/msvcp90/exports.h"

#include "shims/msvcp140/export_tables.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

const std::vector<Export>& string_exports();  // basic_string.cpp

namespace {

// _String_base's checks, which the program's inline string code calls.
void Xlen(WindowsProcess& p) { throw_length_error(p, "string too long"); }
void Xran(WindowsProcess& p) { throw_out_of_range(p, "invalid string position"); }
void Xinvarg(WindowsProcess& p) { throw_invalid_argument(p, "invalid string argument"); }

std::vector<Export> all_exports() {
  static const std::vector<Export> string_base = {
      EXPORT("?_Xlen@_String_base@std@@SAXXZ", Xlen),
      EXPORT("?_Xran@_String_base@std@@SAXXZ", Xran),
      EXPORT("?_Xinvarg@_String_base@std@@SAXXZ", Xinvarg),
  };
  // (the state's type an int in every name)
  return msvcp_tables::join_exports(
      {&string_exports(), &string_base, &thread_exports(), &exception_exports(), &error_map_exports(),
       &lockit_exports(), &numeric_exports(), &exception_ptr_exports(), &crt_wrapper_exports(),
       &filesystem_exports(), &task_exports(), &manipulator_exports(), &ctype_exports(), &collate_exports(),
       &yarn_exports(), &locale_exports(), &facet_exports(), &streambuf_exports(), &ios_exports(),
       &ostream_exports(), &istream_exports(), &std_stream_exports(), &num_facet_exports(),
       &time_facet_exports(), &time_get_exports(), &ctype_vc12_exports(), &thread_vc12_exports(),
       &numeric_vc12_exports(), &istream_vc12_exports(), &ostream_vc11_exports(), &ios_vc11_exports()},
      true);
}

}  // namespace

const Dll& this_dll() { return kMsvcp90; }

}  // namespace msvcp

const Dll kMsvcp90{.name = "msvcp90.dll", .crt = true, .exports = msvcp::all_exports(), .app_local_first = true};

}  // namespace polyrun::shims
