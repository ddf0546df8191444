// An MSFT type library as LoadTypeLib reads it (shims/oleaut32/type_library.h): the header, the
// segment directory, names, strings, GUIDs, type descriptions and array descriptions, imported
// libraries and types, each type's record, functions (parameters, defaults, custom data) and
// variables (constants). Input: the file's bytes (the seeds: the oleaut32_typelib sample's
// libraries, 32- and 64-bit).
// The reader reads nothing outside the input; a library it gives has types of bounded depth, a
// pointer's or array's element always there.
#include "shims/oleaut32/type_library.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;
namespace tlb = shims::oleaut::tlb;

namespace {

void check_type(const tlb::Type& t, int depth) {
  POLYRUN_FUZZ_CHECK(depth < 80, "a type nested %d deep", depth);
  if (t.vt == shims::oleaut::VT_PTR || t.vt == shims::oleaut::VT_SAFEARRAY || t.vt == shims::oleaut::VT_CARRAY) {
    POLYRUN_FUZZ_CHECK(t.inner != nullptr, "vt %u without what it holds", t.vt);
    check_type(*t.inner, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto lib = tlb::read_msft(data, size);
  if (!lib) return 0;
  POLYRUN_FUZZ_CHECK(lib->ptr_size == 4 || lib->ptr_size == 8, "pointer size %u", lib->ptr_size);
  for (const tlb::Info& info : lib->infos) {
    check_type(info.alias, 0);
    for (const tlb::Func& f : info.funcs) {
      check_type(f.ret, 0);
      for (const tlb::Param& p : f.params) check_type(p.type, 0);
    }
    for (const tlb::Var& v : info.vars) check_type(v.type, 0);
  }
  for (const tlb::ImportRef& r : lib->refs)
    POLYRUN_FUZZ_CHECK(r.library < static_cast<int>(lib->imports.size()), "import %d of %zu", r.library,
                       lib->imports.size());
  return 0;
}
