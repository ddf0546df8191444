// MSVCP100.dll, the C++ standard library's runtime of Visual Studio 2010: MSVCP140's files built
// again for Visual C++ 2010's objects (MSVCP_VERSION 100, namespace msvcp100: README.md). Its names
// are MSVCP140's but where fpos's and codecvt's state is an int (`H` for _Mbstatet, renamed here).
#include "shims/msvcp100/exports.h"

#include "shims/msvcp140/export_tables.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

namespace {

std::vector<Export> all_exports() {
  // (the state's type an int in every name)
  return msvcp_tables::join_exports(
      {&thread_exports(), &exception_exports(), &error_map_exports(), &lockit_exports(), &numeric_exports(),
       &exception_ptr_exports(), &crt_wrapper_exports(), &filesystem_exports(), &task_exports(),
       &manipulator_exports(), &ctype_exports(), &collate_exports(), &yarn_exports(), &locale_exports(),
       &facet_exports(), &streambuf_exports(), &ios_exports(), &ostream_exports(), &istream_exports(),
       &std_stream_exports(), &num_facet_exports(), &time_facet_exports(), &time_get_exports(),
       &ctype_vc12_exports(), &thread_vc12_exports(), &numeric_vc12_exports(), &istream_vc12_exports(),
       &ostream_vc11_exports(), &ios_vc11_exports()},
      true);
}

}  // namespace

const Dll& this_dll() { return kMsvcp100; }

}  // namespace msvcp

const Dll kMsvcp100{.name = "msvcp100.dll", .crt = true, .exports = msvcp::all_exports(), .app_local_first = true};

}  // namespace polyrun::shims
