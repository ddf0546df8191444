// MSVCP90.dll, the C++ standard library's runtime of Visual Studio 2008: MSVCP140's files built
// again for Visual C++ 2008's objects (MSVCP_VERSION 90, namespace msvcp90: README.md), with the
// basic_string members this runtime exports (basic_string.cpp). Its names are its own where the
// types changed: streamsize an int and streamoff a long on i386 (the files' MSVCP_SIZE86 and
// MSVCP_OFF86), and fpos's state an int on both ISAs (`H` for _Mbstatet, renamed here).
#include "shims/msvcp90/exports.h"

#include <deque>
#include <set>
#include <string>

#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {

const std::vector<Export>& string_exports();  // basic_string.cpp

namespace {

const char* kept(std::string name) {
  static std::deque<std::string> names;
  names.push_back(std::move(name));
  return names.back().c_str();
}

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
  std::vector<Export> all;
  std::set<std::string> names;
  static const std::string from = "U_Mbstatet@@", to = "H";
  for (const auto* part : {&string_exports(), &string_base, &thread_exports(), &exception_exports(), &error_map_exports(),
                           &lockit_exports(), &numeric_exports(), &exception_ptr_exports(), &crt_wrapper_exports(),
                           &filesystem_exports(), &task_exports(), &manipulator_exports(), &ctype_exports(),
                           &collate_exports(), &yarn_exports(), &locale_exports(), &facet_exports(),
                           &streambuf_exports(), &ios_exports(), &ostream_exports(), &istream_exports(),
                           &std_stream_exports(), &num_facet_exports(), &time_facet_exports(), &time_get_exports(),
                           &ctype_vc12_exports(), &thread_vc12_exports(), &numeric_vc12_exports(),
                           &istream_vc12_exports(), &ostream_vc11_exports(), &ios_vc11_exports()})
    for (Export e : *part) {
      std::string name = e.name;
      if (name.find(from) != std::string::npos) {
        for (size_t at; (at = name.find(from)) != std::string::npos;) name.replace(at, from.size(), to);
        e.name = kept(name);
      }
      if (names.insert(name).second) all.push_back(e);
    }
  return all;
}

}  // namespace

const Dll& this_dll() { return kMsvcp90; }

}  // namespace msvcp

const Dll kMsvcp90{.name = "msvcp90.dll", .crt = true, .exports = msvcp::all_exports(), .app_local_first = true};

}  // namespace polyrun::shims
