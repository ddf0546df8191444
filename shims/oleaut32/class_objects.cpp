// OLEAUT32's classes for COM: DllGetClassObject's class objects of StdFont (an 8-point System
// font) and StdPicture (an uninitialized picture, to be loaded through IPersistStream), and
// DllRegisterServer/DllUnregisterServer, which write and remove their HKCR\CLSID keys
// (InprocServer32 oleaut32.dll, ThreadingModel Both). The proxy/stub factories Windows' OLEAUT32
// also serves (PSDispatch, PSOAInterface, PSTypeInfo, PSTypeLib, PSTypeComp, PSEnumVariant) are
// not polyrun's yet: asking for one stops the program.
#include "shims/core/guest_memory.h"
#include "shims/oleaut32/exports.h"
#include "shims/oleaut32/font.h"
#include "shims/oleaut32/picture.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr int32_t CLASS_E_CLASSNOTAVAILABLE = static_cast<int32_t>(0x80040111);
constexpr GuidBytes kIidIClassFactory = make_guid(0x00000001, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

// The two class objects: one guest block each, made once.
enum ClassKind { kFontClass, kPictureClass };
uint64_t& class_object_slot(ClassKind k) {
  static uint64_t slots[2] = {0, 0};
  return slots[k];
}
ClassKind kind_of(uint64_t self) { return self == class_object_slot(kFontClass) ? kFontClass : kPictureClass; }

int32_t Factory_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  if (!guid_is(iid.addr, kIidIUnknown) && !guid_is(iid.addr, kIidIClassFactory)) return E_NOINTERFACE;
  p.put_ptr(out.addr, self.addr);
  return S_OK;
}
// (the class objects live as long as the process: their counts are nominal)
uint32_t Factory_AddRef(WindowsProcess&, Ptr) { return 2; }
uint32_t Factory_Release(WindowsProcess&, Ptr) { return 1; }
// CreateInstance(outer, iid, &object): a new font or picture (an outer unknown is not consulted,
// as wine 8.0 has it).
int32_t Factory_CreateInstance(WindowsProcess& p, Ptr self, Ptr, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  if (kind_of(self.addr) == kFontClass) return font::create_font(p, 0, iid.addr, out.addr);
  return static_cast<int32_t>(p.call_export("oleaut32.dll", "OleCreatePictureIndirect", {0, iid.addr, 1, out.addr}));
}
int32_t Factory_LockServer(WindowsProcess&, Ptr, int32_t) { return S_OK; }
const std::vector<Export>& factory_methods() {
  static const std::vector<Export> m = {
      EXPORT("IClassFactory::QueryInterface", Factory_QueryInterface),
      EXPORT("IClassFactory::AddRef", Factory_AddRef),
      EXPORT("IClassFactory::Release", Factory_Release),
      EXPORT("IClassFactory::CreateInstance", Factory_CreateInstance),
      EXPORT("IClassFactory::LockServer", Factory_LockServer),
  };
  return m;
}
uint64_t class_object(WindowsProcess& p, ClassKind k) {
  uint64_t& slot = class_object_slot(k);
  if (!slot) {
    slot = p.heap.alloc(p.isa->ptr);
    if (slot) p.put_ptr(slot, com_vtable(p, kOleaut32, factory_methods()));
  }
  return slot;
}

bool is_proxy_stub_class(uint64_t clsid) {
  for (uint32_t low = 0x00020420; low <= 0x00020425; ++low)
    if (guid_is(clsid, make_guid(low, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}))) return true;
  return false;
}

// DllGetClassObject(clsid, iid, &object).
int32_t DllGetClassObject(WindowsProcess& p, Ptr clsid, Ptr iid, Ptr out) {
  if (!out) return E_POINTER;
  p.put_ptr(out.addr, 0);
  const bool font_class = guid_is(clsid.addr, font::kClsidStdFont);
  if ((font_class || guid_is(clsid.addr, picture::kClsidStdPicture)) && guid_is(iid.addr, kIidIClassFactory)) {
    const uint64_t object = class_object(p, font_class ? kFontClass : kPictureClass);
    if (!object) return E_OUTOFMEMORY;
    p.put_ptr(out.addr, object);
    return S_OK;
  }
  if (is_proxy_stub_class(clsid.addr)) stop_unimplemented(p, "DllGetClassObject of a proxy/stub factory");
  return CLASS_E_CLASSNOTAVAILABLE;
}

const std::vector<ole32::OwnClass> kOwnClasses = {
    {u"{0BE35203-8F91-11CE-9DE3-00AA004BB851}", u"Standard Font"},
    {u"{0BE35204-8F91-11CE-9DE3-00AA004BB851}", u"Standard Picture"},
};
int32_t DllRegisterServer(WindowsProcess& p) { return ole32::register_classes(p, u"oleaut32.dll", kOwnClasses); }
int32_t DllUnregisterServer(WindowsProcess& p) { return ole32::unregister_classes(p, kOwnClasses); }

}  // namespace

const std::vector<Export>& class_object_exports() {
  static const std::vector<Export> e = {
      EXPORT("DllGetClassObject", DllGetClassObject),
      EXPORT("DllRegisterServer", DllRegisterServer),
      EXPORT("DllUnregisterServer", DllUnregisterServer),
  };
  return e;
}

}  // namespace polyrun::shims::oleaut
