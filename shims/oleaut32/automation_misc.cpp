// OLEAUT32's smaller Automation helpers: OleTranslateColor (OLE_COLOR to COLORREF: RGB values,
// palette entries, system colours), GetAltMonthNames (the genitive or Hijri month names some
// languages use), DispGetParam (an IDispatch::Invoke argument by position or name, converted),
// ClearCustData, DllCanUnloadNow, the error object CreateErrorInfo makes (IErrorInfo and
// ICreateErrorInfo over one description), the active objects (RegisterActiveObject,
// RevokeActiveObject, GetActiveObject) and OaBuildVersion.
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/variant_value.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::oleaut {

namespace {

// ---- colours ----

int32_t OleTranslateColor(WindowsProcess& p, uint32_t color, Ptr palette, Ptr out) {
  uint32_t result;
  switch (color >> 24) {
    case 0x00:
      result = palette ? (0x02000000u | (color & 0xffffff)) : color;  // PALETTERGB with a palette
      break;
    case 0x01:
      if (palette) {
        auto* pal = gdi32::gdi_table(p).find_as<gdi32::Palette>(palette.addr, gdi32::OBJ_PAL);
        if (!pal || (color & 0xffff) >= pal->entries.size()) return E_INVALIDARG;
      }
      result = color;
      break;
    case 0x02:
      result = color;
      break;
    case 0x80: {
      const int32_t index = color & 0xff;
      if (index > 30) return E_INVALIDARG;  // COLOR_SCROLLBAR (0) … COLOR_MENUBAR (30)
      result = user32::sys_color(index);
      break;
    }
    default:
      return E_INVALIDARG;
  }
  if (out) put<uint32_t>(out.addr, result);
  return S_OK;
}

// ---- month names ----

// Arabic: the months of the Hijri calendar; Polish and Russian: the genitive forms ("of January").
const char16_t* const kArabicHijri[12] = {
    u"\u0645\u062d\u0631\u0645",
    u"\u0635\u0641\u0631",
    u"\u0631\u0628\u064a\u0639 \u0627\u0644\u0627\u0648\u0644",
    u"\u0631\u0628\u064a\u0639 \u0627\u0644\u062b\u0627\u0646\u064a",
    u"\u062c\u0645\u0627\u062f\u0649 \u0627\u0644\u0627\u0648\u0644\u0649",
    u"\u062c\u0645\u0627\u062f\u0649 \u0627\u0644\u062b\u0627\u0646\u064a\u0629",
    u"\u0631\u062c\u0628",
    u"\u0634\u0639\u0628\u0627\u0646",
    u"\u0631\u0645\u0636\u0627\u0646",
    u"\u0634\u0648\u0627\u0644",
    u"\u0630\u0648 \u0627\u0644\u0642\u0639\u062f\u0629",
    u"\u0630\u0648 \u0627\u0644\u062d\u062c\u0629",
};
const char16_t* const kPolishGenitive[12] = {u"stycznia", u"lutego",  u"marca",       u"kwietnia",
                                             u"maja",     u"czerwca", u"lipca",       u"sierpnia",
                                             u"wrze\u015bnia", u"pa\u017adziernika", u"listopada", u"grudnia"};
const char16_t* const kRussianGenitive[12] = {
    u"\u044f\u043d\u0432\u0430\u0440\u044f", u"\u0444\u0435\u0432\u0440\u0430\u043b\u044f",
    u"\u043c\u0430\u0440\u0442\u0430",       u"\u0430\u043f\u0440\u0435\u043b\u044f",
    u"\u043c\u0430\u044f",                   u"\u0438\u044e\u043d\u044f",
    u"\u0438\u044e\u043b\u044f",             u"\u0430\u0432\u0433\u0443\u0441\u0442\u0430",
    u"\u0441\u0435\u043d\u0442\u044f\u0431\u0440\u044f", u"\u043e\u043a\u0442\u044f\u0431\u0440\u044f",
    u"\u043d\u043e\u044f\u0431\u0440\u044f", u"\u0434\u0435\u043a\u0430\u0431\u0440\u044f"};

// The table in the process's memory, made once: 13 pointers (the last NULL), then the strings.
uint64_t name_table(WindowsProcess& p, const char16_t* const (&names)[12]) {
  static std::mutex lock;
  static std::map<std::pair<const WindowsProcess*, const void*>, uint64_t> made;
  std::lock_guard<std::mutex> guard(lock);
  uint64_t& table = made[{&p, &names}];
  if (table) return table;
  size_t bytes = 13 * p.isa->ptr;
  for (const char16_t* n : names) bytes += (std::char_traits<char16_t>::length(n) + 1) * 2;
  table = p.alloc_data(bytes);
  uint64_t text = table + 13 * p.isa->ptr;
  for (int k = 0; k < 12; ++k) {
    const size_t n = (std::char_traits<char16_t>::length(names[k]) + 1) * 2;
    std::memcpy(guest_pointer(text), names[k], n);
    p.put_ptr(table + k * p.isa->ptr, text);
    text += n;
  }
  p.put_ptr(table + 12 * p.isa->ptr, 0);
  return table;
}

int32_t GetAltMonthNames(WindowsProcess& p, uint32_t lcid, Ptr out) {
  const uint32_t language = lcid & 0x3ff;  // PRIMARYLANGID
  uint64_t table = 0;
  if (language == 0x01) table = name_table(p, kArabicHijri);
  else if (language == 0x15) table = name_table(p, kPolishGenitive);
  else if (language == 0x19) table = name_table(p, kRussianGenitive);
  p.put_ptr(out.addr, table);
  return S_OK;
}

// ---- IDispatch arguments ----

// DISPPARAMS: rgvarg, rgdispidNamedArgs, cArgs, cNamedArgs. Positional arguments are stored last
// first.
int32_t DispGetParam(WindowsProcess& p, Ptr params, uint32_t position, uint16_t vt, Ptr result, Ptr arg_err) {
  const uint64_t ptr = p.isa->ptr;
  const uint64_t args = p.get_ptr(params.addr), named = p.get_ptr(params.addr + ptr);
  const uint32_t count = get<uint32_t>(params.addr + 2 * ptr), named_count = get<uint32_t>(params.addr + 2 * ptr + 4);
  uint32_t pos;
  if (position < count) {
    pos = count - position - 1;
  } else {
    for (pos = 0; pos < named_count; ++pos)
      if (get<uint32_t>(named + 4ull * pos) == position) break;
    if (pos == named_count) return DISP_E_PARAMNOTFOUND;
  }
  int32_t hr;
  if ((count > 0 && !args) || !result) hr = E_INVALIDARG;
  else hr = change_type(p, result.addr, args + pos * variant_size(p), 0x0400, 0, vt);
  if (hr < 0 && arg_err) put<uint32_t>(arg_err.addr, pos);
  return hr;
}

// CUSTDATA: cCustData, then prgCustData, an array of CUSTDATAITEM {GUID, VARIANT} the task
// allocator made: the VARIANTs are cleared and the array freed.
void ClearCustData(WindowsProcess& p, Ptr data) {
  if (!data) return;
  const uint32_t n = get<uint32_t>(data.addr);
  if (!n) return;
  const uint64_t items = p.get_ptr(data.addr + p.isa->ptr);
  if (items) {
    const uint64_t item_size = 16 + variant_size(p);
    for (uint32_t k = 0; k < n; ++k) clear_variant(p, items + k * item_size + 16);
    task_free(p, items);
    p.put_ptr(data.addr + p.isa->ptr, 0);
  }
  put<uint32_t>(data.addr, 0);
}

// OLEAUT32 is built into polyrun and stays loaded: never S_OK.
int32_t DllCanUnloadNow(WindowsProcess&) { return S_FALSE; }

// ---- the error object ----

const GuidBytes kIidIErrorInfo = make_guid(0x1cf2b120, 0x547d, 0x101b, {0x8e, 0x65, 0x08, 0x00, 0x2b, 0x2b, 0xd1, 0x19});
const GuidBytes kIidICreateErrorInfo =
    make_guid(0x22f03340, 0x547d, 0x101b, {0x8e, 0x65, 0x08, 0x00, 0x2b, 0x2b, 0xd1, 0x19});

struct ErrorObject {
  uint32_t refs = 1;
  GuidBytes guid{};
  std::u16string source, description, help_file;
  bool has_source = false, has_description = false, has_help_file = false;
  uint32_t help_context = 0;
};
std::mutex error_lock;
std::map<uint64_t, ErrorObject>& error_objects() {
  static std::map<uint64_t, ErrorObject> objects;
  return objects;
}
// The object an interface pointer belongs to (its IErrorInfo is at the object's address, its
// ICreateErrorInfo one pointer further).
uint64_t error_base(WindowsProcess& p, uint64_t iface) {
  auto& objects = error_objects();
  if (objects.count(iface)) return iface;
  return iface - p.isa->ptr;
}

int32_t Error_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  std::lock_guard<std::mutex> guard(error_lock);
  const uint64_t base = error_base(p, self.addr);
  uint64_t result = 0;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIErrorInfo)) result = base;
  else if (guid_is(iid.addr, kIidICreateErrorInfo)) result = base + p.isa->ptr;
  p.put_ptr(out.addr, result);
  if (!result) return E_NOINTERFACE;
  ++error_objects()[base].refs;
  return S_OK;
}
uint32_t Error_AddRef(WindowsProcess& p, Ptr self) {
  std::lock_guard<std::mutex> guard(error_lock);
  return ++error_objects()[error_base(p, self.addr)].refs;
}
uint32_t Error_Release(WindowsProcess& p, Ptr self) {
  std::lock_guard<std::mutex> guard(error_lock);
  const uint64_t base = error_base(p, self.addr);
  auto& objects = error_objects();
  const uint32_t refs = --objects[base].refs;
  if (!refs) {
    objects.erase(base);
    p.heap.free(base);
  }
  return refs;
}
int32_t give_text(WindowsProcess& p, Ptr out, bool has, const std::u16string& text) {
  if (!out) return E_INVALIDARG;
  p.put_ptr(out.addr, has ? make_bstr(p, text) : 0);
  return S_OK;
}
int32_t Error_GetGUID(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  std::lock_guard<std::mutex> guard(error_lock);
  std::memcpy(guest_pointer(out.addr), error_objects()[error_base(p, self.addr)].guid.data(), 16);
  return S_OK;
}
int32_t Error_GetSource(WindowsProcess& p, Ptr self, Ptr out) {
  std::lock_guard<std::mutex> guard(error_lock);
  const ErrorObject& e = error_objects()[error_base(p, self.addr)];
  return give_text(p, out, e.has_source, e.source);
}
int32_t Error_GetDescription(WindowsProcess& p, Ptr self, Ptr out) {
  std::lock_guard<std::mutex> guard(error_lock);
  const ErrorObject& e = error_objects()[error_base(p, self.addr)];
  return give_text(p, out, e.has_description, e.description);
}
int32_t Error_GetHelpFile(WindowsProcess& p, Ptr self, Ptr out) {
  std::lock_guard<std::mutex> guard(error_lock);
  const ErrorObject& e = error_objects()[error_base(p, self.addr)];
  return give_text(p, out, e.has_help_file, e.help_file);
}
int32_t Error_GetHelpContext(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return E_INVALIDARG;
  std::lock_guard<std::mutex> guard(error_lock);
  put<uint32_t>(out.addr, error_objects()[error_base(p, self.addr)].help_context);
  return S_OK;
}
int32_t Create_SetGUID(WindowsProcess& p, Ptr self, Ptr guid) {
  std::lock_guard<std::mutex> guard(error_lock);
  std::memcpy(error_objects()[error_base(p, self.addr)].guid.data(), guest_pointer(guid.addr), 16);
  return S_OK;
}
void take_text(Ptr text, bool& has, std::u16string& into) {
  has = text.addr != 0;
  into = has ? WStr{text.addr}.str() : std::u16string();
}
int32_t Create_SetSource(WindowsProcess& p, Ptr self, Ptr text) {
  std::lock_guard<std::mutex> guard(error_lock);
  ErrorObject& e = error_objects()[error_base(p, self.addr)];
  take_text(text, e.has_source, e.source);
  return S_OK;
}
int32_t Create_SetDescription(WindowsProcess& p, Ptr self, Ptr text) {
  std::lock_guard<std::mutex> guard(error_lock);
  ErrorObject& e = error_objects()[error_base(p, self.addr)];
  take_text(text, e.has_description, e.description);
  return S_OK;
}
int32_t Create_SetHelpFile(WindowsProcess& p, Ptr self, Ptr text) {
  std::lock_guard<std::mutex> guard(error_lock);
  ErrorObject& e = error_objects()[error_base(p, self.addr)];
  take_text(text, e.has_help_file, e.help_file);
  return S_OK;
}
int32_t Create_SetHelpContext(WindowsProcess& p, Ptr self, uint32_t context) {
  std::lock_guard<std::mutex> guard(error_lock);
  error_objects()[error_base(p, self.addr)].help_context = context;
  return S_OK;
}

const std::vector<Export>& error_info_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IErrorInfo::QueryInterface", Error_QueryInterface), EXPORT("IErrorInfo::AddRef", Error_AddRef),
      EXPORT("IErrorInfo::Release", Error_Release),               EXPORT("IErrorInfo::GetGUID", Error_GetGUID),
      EXPORT("IErrorInfo::GetSource", Error_GetSource),           EXPORT("IErrorInfo::GetDescription", Error_GetDescription),
      EXPORT("IErrorInfo::GetHelpFile", Error_GetHelpFile),       EXPORT("IErrorInfo::GetHelpContext", Error_GetHelpContext),
  };
  return methods;
}
const std::vector<Export>& create_error_info_methods() {
  static const std::vector<Export> methods = {
      EXPORT("ICreateErrorInfo::QueryInterface", Error_QueryInterface),
      EXPORT("ICreateErrorInfo::AddRef", Error_AddRef),
      EXPORT("ICreateErrorInfo::Release", Error_Release),
      EXPORT("ICreateErrorInfo::SetGUID", Create_SetGUID),
      EXPORT("ICreateErrorInfo::SetSource", Create_SetSource),
      EXPORT("ICreateErrorInfo::SetDescription", Create_SetDescription),
      EXPORT("ICreateErrorInfo::SetHelpFile", Create_SetHelpFile),
      EXPORT("ICreateErrorInfo::SetHelpContext", Create_SetHelpContext),
  };
  return methods;
}

// CreateErrorInfo: a new error object, its ICreateErrorInfo handed out (one reference).
int32_t CreateErrorInfo(WindowsProcess& p, Ptr out) {
  if (!out) return E_INVALIDARG;
  const uint64_t object = p.heap.alloc(2 * p.isa->ptr, true);
  if (!object) return E_OUTOFMEMORY;
  p.put_ptr(object, com_vtable(p, kOleaut32, error_info_methods()));
  p.put_ptr(object + p.isa->ptr, com_vtable(p, kOleaut32, create_error_info_methods()));
  {
    std::lock_guard<std::mutex> guard(error_lock);
    error_objects()[object] = ErrorObject{};
  }
  p.put_ptr(out.addr, object + p.isa->ptr);
  return S_OK;
}

// ---- active objects ----

// The objects RegisterActiveObject made known, by CLSID (the running object table's "!{CLSID}"
// item monikers, as Microsoft's page of RegisterActiveObject describes them), for the process's
// own use: a strong registration holds a reference until RevokeActiveObject, a weak one
// (ACTIVEOBJECT_WEAK) none.
constexpr int32_t MK_E_UNAVAILABLE = static_cast<int32_t>(0x800401e3),
                  MK_S_MONIKERALREADYREGISTERED = static_cast<int32_t>(0x000401e7);
struct ActiveObject {
  GuidBytes clsid;
  uint64_t object;
  bool strong;
};
std::mutex active_lock;
std::map<uint32_t, ActiveObject>& active_objects() {
  static std::map<uint32_t, ActiveObject> table;
  return table;
}

int32_t RegisterActiveObject(WindowsProcess& p, Ptr object, Ptr clsid, uint32_t flags, Ptr cookie) {
  if (!object || !clsid || !cookie) return E_INVALIDARG;
  ActiveObject entry;
  std::memcpy(entry.clsid.data(), guest_pointer(clsid.addr), 16);
  entry.object = object.addr;
  entry.strong = flags != 1;  // ACTIVEOBJECT_WEAK
  if (entry.strong) call_method(p, object.addr, kAddRef);
  std::lock_guard<std::mutex> guard(active_lock);
  auto& table = active_objects();
  static uint32_t next = 0x100;
  bool already = false;
  for (const auto& [key, e] : table) already |= e.clsid == entry.clsid;
  const uint32_t id = next++;
  table[id] = entry;
  put<uint32_t>(cookie.addr, id);
  return already ? MK_S_MONIKERALREADYREGISTERED : S_OK;
}
int32_t RevokeActiveObject(WindowsProcess& p, uint32_t cookie, Ptr) {
  ActiveObject entry;
  {
    std::lock_guard<std::mutex> guard(active_lock);
    auto& table = active_objects();
    auto it = table.find(cookie);
    if (it == table.end()) return E_INVALIDARG;
    entry = it->second;
    table.erase(it);
  }
  if (entry.strong) call_method(p, entry.object, kRelease);
  return S_OK;
}
int32_t GetActiveObject(WindowsProcess& p, Ptr clsid, Ptr, Ptr out) {
  if (!clsid || !out) return E_INVALIDARG;
  GuidBytes wanted;
  std::memcpy(wanted.data(), guest_pointer(clsid.addr), 16);
  uint64_t found = 0;
  {
    std::lock_guard<std::mutex> guard(active_lock);
    for (const auto& [key, e] : active_objects())
      if (e.clsid == wanted) {
        found = e.object;
        break;
      }
  }
  p.put_ptr(out.addr, found);
  if (!found) return MK_E_UNAVAILABLE;
  call_method(p, found, kAddRef);
  return S_OK;
}

// OaBuildVersion: OLE Automation's version, 0xffff below its major number: 40 for the Windows
// versions wine 8.0 does not list (polyrun reports Windows 10), as wine 8.0 answers.
uint32_t OaBuildVersion(WindowsProcess&) { return 0x0028ffffu; }

}  // namespace

void stop_unimplemented(WindowsProcess& p, const char* what) {
  std::fflush(stdout);
  std::fprintf(stderr, "polyrun: unimplemented: OLEAUT32.dll!%s\n", what);
  p.terminate(127);
  throw 0;
}

const std::vector<Export>& automation_misc_exports() {
  static const std::vector<Export> exports = {
      EXPORT("OleTranslateColor", OleTranslateColor), EXPORT("GetAltMonthNames", GetAltMonthNames),
      EXPORT("DispGetParam", DispGetParam),           EXPORT("ClearCustData", ClearCustData),
      EXPORT("DllCanUnloadNow", DllCanUnloadNow),     EXPORT("CreateErrorInfo", CreateErrorInfo),
      EXPORT("RegisterActiveObject", RegisterActiveObject), EXPORT("RevokeActiveObject", RevokeActiveObject),
      EXPORT("GetActiveObject", GetActiveObject),     EXPORT("OaBuildVersion", OaBuildVersion),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
