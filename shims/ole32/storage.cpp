// OLE32.dll: structured storage over compound files (ole32/compound_file.h): StgCreateDocfile,
// StgOpenStorage and their Ex and ILockBytes forms, StgIsStorageFile and StgIsStorageILockBytes,
// and the IStorage, IStream and IEnumSTATSTG objects over the tree.
//
// A root storage reads its whole image (a file through KERNEL32's CreateFile/ReadFile, or the
// program's ILockBytes) into a tree when opened, and writes the tree back as a whole image when a
// change is committed: at Commit, and, in direct mode, also when a changed stream or storage is
// released. The tree is shared by every object opened under the root: a stream's bytes are its
// node's. STGM_TRANSACTED roots keep their changes in the tree until Commit, and Revert reads the
// image again. Element names are at most 31 characters and are matched without case, as the
// format orders them.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/ole32/compound_file.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;
using cfb::Node;

constexpr uint32_t STGTY_STORAGE = 1, STGTY_STREAM = 2;
constexpr uint32_t STGFMT_STORAGE = 0, STGFMT_FILE = 3, STGFMT_ANY = 4, STGFMT_DOCFILE = 5;
constexpr GuidBytes kIidIEnumSTATSTG = ole_iid(0x0000000d);
constexpr GuidBytes kIidISequentialStream =
    make_guid(0x0c733a30, 0x2a1c, 0x11ce, {0xad, 0xe5, 0x00, 0xaa, 0x00, 0x44, 0x77, 0x3d});

bool writable(uint32_t mode) { return (mode & 3) == STGM_WRITE || (mode & 3) == STGM_READWRITE; }
bool readable(uint32_t mode) { return (mode & 3) != STGM_WRITE; }

// ---- where a root's image lives ----
struct Document {
  uint64_t file = 0;       // a KERNEL32 file handle, or
  uint64_t lockbytes = 0;  // the program's ILockBytes (held)
  std::u16string path;
  std::shared_ptr<Node> root;
  uint32_t mode = 0;
  bool dirty = false, delete_on_release = false;
};

std::vector<uint8_t> read_backing(WindowsProcess& p, Document& d) {
  std::vector<uint8_t> image;
  if (d.file) {
    const uint32_t size = static_cast<uint32_t>(kernel32(p, "GetFileSize", {d.file, 0}));
    if (size == 0xffffffff || !size) return image;
    Scratch buffer(p, size), done(p, 4);
    kernel32(p, "SetFilePointer", {d.file, 0, 0, 0});
    kernel32(p, "ReadFile", {d.file, buffer.addr, size, done.addr, 0});
    const uint32_t n = get<uint32_t>(done.addr);
    image.assign(static_cast<uint8_t*>(guest_pointer(buffer.addr)), static_cast<uint8_t*>(guest_pointer(buffer.addr)) + n);
  } else if (d.lockbytes) {
    constexpr unsigned kReadAt = 3, kStat = 9;
    Scratch stat(p, p.isa->ptr == 8 ? 80 : 72);
    if (com::failed(static_cast<int32_t>(call_method(p, d.lockbytes, kStat, {stat.addr, STATFLAG_NONAME})))) return image;
    const uint32_t size = get<uint32_t>(stat.addr + (p.isa->ptr == 8 ? 16 : 8));
    if (!size) return image;
    Scratch buffer(p, size), done(p, 4);
    const std::vector<uint64_t> args = p.isa->ptr == 8 ? std::vector<uint64_t>{0, buffer.addr, size, done.addr}
                                                       : std::vector<uint64_t>{0, 0, buffer.addr, size, done.addr};
    call_method(p, d.lockbytes, kReadAt, args);
    const uint32_t n = get<uint32_t>(done.addr);
    image.assign(static_cast<uint8_t*>(guest_pointer(buffer.addr)), static_cast<uint8_t*>(guest_pointer(buffer.addr)) + n);
  }
  return image;
}

int32_t write_backing(WindowsProcess& p, Document& d) {
  const std::vector<uint8_t> image = cfb::write_image(*d.root);
  Scratch buffer(p, image.size()), done(p, 4);
  std::memcpy(guest_pointer(buffer.addr), image.data(), image.size());
  if (d.file) {
    kernel32(p, "SetFilePointer", {d.file, 0, 0, 0});
    if (!kernel32(p, "WriteFile", {d.file, buffer.addr, image.size(), done.addr, 0})) return STG_E_WRITEFAULT;
    kernel32(p, "SetEndOfFile", {d.file});
  } else if (d.lockbytes) {
    constexpr unsigned kWriteAt = 4, kSetSize = 6;
    const uint64_t size = image.size();
    const std::vector<uint64_t> write = p.isa->ptr == 8 ? std::vector<uint64_t>{0, buffer.addr, size, done.addr}
                                                        : std::vector<uint64_t>{0, 0, buffer.addr, size, done.addr};
    const int32_t hr = static_cast<int32_t>(call_method(p, d.lockbytes, kWriteAt, write));
    if (com::failed(hr)) return hr;
    const std::vector<uint64_t> resize = p.isa->ptr == 8 ? std::vector<uint64_t>{size} : std::vector<uint64_t>{size, 0};
    call_method(p, d.lockbytes, kSetSize, resize);
  }
  d.dirty = false;
  return com::S_OK;
}

// ---- the objects ----
struct StorageObject {
  uint32_t refs = 1;
  std::shared_ptr<Document> doc;
  std::shared_ptr<Node> node;
  uint32_t mode = 0;
  bool root = false;
};
struct StreamObject {
  uint32_t refs = 1;
  std::shared_ptr<Document> doc;
  std::shared_ptr<Node> node;
  uint32_t mode = 0;
  uint64_t position = 0;
};
struct EnumObject {
  uint32_t refs = 1;
  std::vector<std::shared_ptr<Node>> items;
  size_t next = 0;
};
std::map<uint64_t, StorageObject> storages;
std::map<uint64_t, StreamObject> streams;
std::map<uint64_t, EnumObject> enumerators;

template <class T>
T& object_of(std::map<uint64_t, T>& all, uint64_t self) {
  auto it = all.find(self);
  if (it == all.end()) touch_guest_byte(0);  // a released object: the use of freed memory
  return it->second;
}

const std::vector<Export>& storage_methods();
const std::vector<Export>& stream_methods();
const std::vector<Export>& enum_methods();

template <class T>
uint64_t new_object(WindowsProcess& p, std::map<uint64_t, T>& all, const std::vector<Export>& methods, T object) {
  const uint64_t self = p.heap.alloc(p.isa->ptr);
  if (!self) return 0;
  p.put_ptr(self, com_vtable(p, kOle32, methods));
  all[self] = std::move(object);
  return self;
}

// A change under a root: written at once in direct mode when `now`, else marked.
int32_t changed(WindowsProcess& p, Document& d, bool now) {
  d.dirty = true;
  if (now && !(d.mode & STGM_TRANSACTED)) return write_backing(p, d);
  return com::S_OK;
}

// Fills a STATSTG for a node.
void fill_stat(WindowsProcess& p, uint64_t out, const Node& n, uint32_t mode, uint32_t flags) {
  const unsigned ptr = p.isa->ptr;
  std::memset(guest_pointer(out), 0, ptr == 8 ? 80 : 72);
  if (!(flags & STATFLAG_NONAME)) p.put_ptr(out, task_wide(p, n.name));
  put<uint32_t>(out + ptr, n.is_storage() ? STGTY_STORAGE : STGTY_STREAM);
  const uint64_t base = ptr == 8 ? 16 : 8;
  put<uint64_t>(out + base, n.is_storage() ? 0 : n.data.size());
  put<uint64_t>(out + base + 8, n.modified);
  put<uint64_t>(out + base + 16, n.created);
  put<uint32_t>(out + base + 32, mode);
  std::memcpy(guest_pointer(out + base + 40), n.clsid.data(), 16);
  put<uint32_t>(out + base + 56, n.state_bits);
}

bool valid_name(const std::u16string& n) {
  if (n.empty() || n.size() > 31) return false;
  for (char16_t c : n)
    if (c == '\\' || c == '/' || c == ':' || c == '!') return false;
  return true;
}

// ---- IStorage ----
int32_t Stg_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIStorage)) {
    ++object_of(storages, self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Stg_AddRef(WindowsProcess&, Ptr self) { return ++object_of(storages, self.addr).refs; }
uint32_t Stg_Release(WindowsProcess& p, Ptr self) {
  StorageObject& s = object_of(storages, self.addr);
  if (--s.refs) return s.refs;
  std::shared_ptr<Document> doc = s.doc;
  const bool root = s.root;
  storages.erase(self.addr);
  p.heap.free(self.addr);
  if (root) {
    if (doc->dirty && !(doc->mode & STGM_TRANSACTED)) write_backing(p, *doc);
    if (doc->file) kernel32(p, "CloseHandle", {doc->file});
    if (doc->lockbytes) call_method(p, doc->lockbytes, kRelease);
    if (doc->delete_on_release && !doc->path.empty()) {
      GuestText path(p, doc->path);
      kernel32(p, "DeleteFileW", {path.addr});
    }
    doc->file = doc->lockbytes = 0;
  } else if (doc->dirty) {
    changed(p, *doc, true);
  }
  return 0;
}

int32_t open_child(WindowsProcess& p, StorageObject& s, const std::u16string& name, uint32_t mode, bool create,
                   bool storage, uint64_t out) {
  p.put_ptr(out, 0);
  if (!(mode & STGM_SHARE_EXCLUSIVE) || (mode & 0x70) != STGM_SHARE_EXCLUSIVE) return STG_E_INVALIDFLAG;
  if (!storage && (mode & STGM_TRANSACTED)) return STG_E_INVALIDFUNCTION;
  if (!valid_name(name)) return name.size() > 31 ? STG_E_INVALIDNAME : STG_E_INVALIDNAME;
  std::shared_ptr<Node> node = s.node->child(name);
  if (create) {
    if (!writable(s.mode)) return STG_E_ACCESSDENIED;
    if (node && !(mode & STGM_CREATE)) return STG_E_FILEALREADYEXISTS;
    if (node) s.node->children.erase(std::find(s.node->children.begin(), s.node->children.end(), node));
    node = std::make_shared<Node>();
    node->name = name;
    node->type = storage ? cfb::kStorage : cfb::kStream;
    if (storage) node->created = node->modified = filetime_now();
    s.node->children.push_back(node);
    changed(p, *s.doc, false);
  } else {
    if (!node || node->is_storage() != storage) return STG_E_FILENOTFOUND;
    if (writable(mode) && !writable(s.mode)) return STG_E_ACCESSDENIED;
    // A stream is opened once at a time (share-exclusive).
    if (!storage)
      for (const auto& [key, open] : streams)
        if (open.node == node) return STG_E_ACCESSDENIED;
  }
  uint64_t made;
  if (storage) {
    StorageObject child;
    child.doc = s.doc;
    child.node = node;
    child.mode = mode;
    made = new_object(p, storages, storage_methods(), std::move(child));
  } else {
    StreamObject child;
    child.doc = s.doc;
    child.node = node;
    child.mode = mode;
    made = new_object(p, streams, stream_methods(), std::move(child));
  }
  if (!made) return STG_E_INSUFFICIENTMEMORY;
  p.put_ptr(out, made);
  return com::S_OK;
}

int32_t Stg_CreateStream(WindowsProcess& p, Ptr self, Ptr name, uint32_t mode, uint32_t, uint32_t, Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  if (!name) return STG_E_INVALIDNAME;
  return open_child(p, object_of(storages, self.addr), read_wide(name.addr), mode, true, false, out.addr);
}
int32_t Stg_OpenStream(WindowsProcess& p, Ptr self, Ptr name, Ptr, uint32_t mode, uint32_t, Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  if (!name) return STG_E_INVALIDNAME;
  return open_child(p, object_of(storages, self.addr), read_wide(name.addr), mode, false, false, out.addr);
}
int32_t Stg_CreateStorage(WindowsProcess& p, Ptr self, Ptr name, uint32_t mode, uint32_t, uint32_t, Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  if (!name) return STG_E_INVALIDNAME;
  return open_child(p, object_of(storages, self.addr), read_wide(name.addr), mode, true, true, out.addr);
}
int32_t Stg_OpenStorage(WindowsProcess& p, Ptr self, Ptr name, Ptr, uint32_t mode, Ptr, uint32_t, Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  if (!name) return STG_E_INVALIDNAME;
  return open_child(p, object_of(storages, self.addr), read_wide(name.addr), mode, false, true, out.addr);
}

// Copies a node's contents into another storage (any IStorage: its own methods).
int32_t copy_into(WindowsProcess& p, const Node& from, uint64_t dest, bool root_level, const std::vector<std::u16string>& excluded) {
  constexpr unsigned kCreateStream = 3, kCreateStorage = 5, kSetClass = 15, kSetStateBits = 16;
  Scratch clsid(p, 16);
  std::memcpy(guest_pointer(clsid.addr), from.clsid.data(), 16);
  call_method(p, dest, kSetClass, {clsid.addr});
  call_method(p, dest, kSetStateBits, {from.state_bits, 0xffffffff});
  for (const auto& c : from.children) {
    if (root_level && std::find(excluded.begin(), excluded.end(), cfb::upper_name(c->name)) != excluded.end()) continue;
    GuestText name(p, c->name);
    Scratch out(p, 8);
    const uint32_t mode = STGM_READWRITE | STGM_SHARE_EXCLUSIVE | STGM_CREATE;
    if (c->is_storage()) {
      int32_t hr = static_cast<int32_t>(call_method(p, dest, kCreateStorage, {name.addr, mode, 0, 0, out.addr}));
      if (com::failed(hr)) return hr;
      const uint64_t sub = p.get_ptr(out.addr);
      hr = copy_into(p, *c, sub, false, excluded);
      call_method(p, sub, kRelease);
      if (com::failed(hr)) return hr;
    } else {
      int32_t hr = static_cast<int32_t>(call_method(p, dest, kCreateStream, {name.addr, mode, 0, 0, out.addr}));
      if (com::failed(hr)) return hr;
      const uint64_t stream = p.get_ptr(out.addr);
      if (!c->data.empty()) {
        Scratch data(p, c->data.size());
        std::memcpy(guest_pointer(data.addr), c->data.data(), c->data.size());
        uint32_t done = 0;
        hr = stream_write(p, stream, data.addr, static_cast<uint32_t>(c->data.size()), done);
      }
      call_method(p, stream, kRelease);
      if (com::failed(hr)) return hr;
    }
  }
  return com::S_OK;
}

int32_t Stg_CopyTo(WindowsProcess& p, Ptr self, uint32_t, Ptr, Ptr exclude, Ptr dest) {
  if (!dest) return com::STG_E_INVALIDPOINTER;
  if (dest.addr == self.addr) return STG_E_ACCESSDENIED;
  std::vector<std::u16string> excluded;
  for (uint64_t at = exclude.addr; exclude && p.get_ptr(at); at += p.isa->ptr)
    excluded.push_back(cfb::upper_name(read_wide(p.get_ptr(at))));
  return copy_into(p, *object_of(storages, self.addr).node, dest.addr, true, excluded);
}

int32_t Stg_MoveElementTo(WindowsProcess& p, Ptr self, Ptr name, Ptr dest, Ptr new_name, uint32_t flags) {
  StorageObject& s = object_of(storages, self.addr);
  if (!name || !new_name || !dest) return com::STG_E_INVALIDPOINTER;
  std::shared_ptr<Node> node = s.node->child(read_wide(name.addr));
  if (!node) return STG_E_FILENOTFOUND;
  // The element copied into the destination under its new name, then removed here (STGMOVE_MOVE, 0).
  Node holder;
  auto copy = std::make_shared<Node>(*node);
  copy->name = read_wide(new_name.addr);
  holder.children.push_back(copy);
  const int32_t hr = copy_into(p, holder, dest.addr, false, {});
  if (com::failed(hr)) return hr;
  constexpr uint32_t STGMOVE_MOVE = 0;
  if (flags == STGMOVE_MOVE) {
    s.node->children.erase(std::find(s.node->children.begin(), s.node->children.end(), node));
    changed(p, *s.doc, false);
  }
  return com::S_OK;
}

int32_t Stg_Commit(WindowsProcess& p, Ptr self, uint32_t) {
  StorageObject& s = object_of(storages, self.addr);
  if (!s.root && !(s.doc->mode & STGM_TRANSACTED)) return changed(p, *s.doc, true);
  if (!writable(s.doc->mode)) return com::S_OK;
  return write_backing(p, *s.doc);
}

int32_t Stg_Revert(WindowsProcess& p, Ptr self) {
  StorageObject& s = object_of(storages, self.addr);
  if (!s.root || !(s.doc->mode & STGM_TRANSACTED)) return com::S_OK;
  const std::vector<uint8_t> image = read_backing(p, *s.doc);
  if (image.empty()) {
    s.doc->root->children.clear();
  } else if (auto tree = cfb::read_image(image)) {
    *s.doc->root = *tree;
  }
  s.doc->dirty = false;
  return com::S_OK;
}

int32_t Stg_EnumElements(WindowsProcess& p, Ptr self, uint32_t, Ptr, uint32_t, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  EnumObject e;
  e.items = object_of(storages, self.addr).node->children;
  std::sort(e.items.begin(), e.items.end(), [](const auto& a, const auto& b) { return cfb::name_less(a->name, b->name); });
  const uint64_t made = new_object(p, enumerators, enum_methods(), std::move(e));
  if (!made) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, made);
  return com::S_OK;
}

int32_t Stg_DestroyElement(WindowsProcess& p, Ptr self, Ptr name) {
  StorageObject& s = object_of(storages, self.addr);
  if (!name) return com::STG_E_INVALIDPOINTER;
  if (!writable(s.mode)) return STG_E_ACCESSDENIED;
  std::shared_ptr<Node> node = s.node->child(read_wide(name.addr));
  if (!node) return STG_E_FILENOTFOUND;
  s.node->children.erase(std::find(s.node->children.begin(), s.node->children.end(), node));
  return changed(p, *s.doc, true);
}

int32_t Stg_RenameElement(WindowsProcess& p, Ptr self, Ptr old_name, Ptr new_name) {
  StorageObject& s = object_of(storages, self.addr);
  if (!old_name || !new_name) return com::STG_E_INVALIDPOINTER;
  if (!writable(s.mode)) return STG_E_ACCESSDENIED;
  const std::u16string to = read_wide(new_name.addr);
  if (!valid_name(to)) return STG_E_INVALIDNAME;
  std::shared_ptr<Node> node = s.node->child(read_wide(old_name.addr));
  if (!node) return STG_E_FILENOTFOUND;
  if (s.node->child(to)) return STG_E_ACCESSDENIED;
  node->name = to;
  return changed(p, *s.doc, true);
}

int32_t Stg_SetElementTimes(WindowsProcess& p, Ptr self, Ptr name, Ptr created, Ptr, Ptr modified) {
  StorageObject& s = object_of(storages, self.addr);
  std::shared_ptr<Node> node = name ? s.node->child(read_wide(name.addr)) : s.node;
  if (!node) return STG_E_FILENOTFOUND;
  if (created) node->created = get<uint64_t>(created.addr);
  if (modified) node->modified = get<uint64_t>(modified.addr);
  return changed(p, *s.doc, true);
}

int32_t Stg_SetClass(WindowsProcess& p, Ptr self, Ptr clsid) {
  StorageObject& s = object_of(storages, self.addr);
  if (!clsid) return com::STG_E_INVALIDPOINTER;
  if (!writable(s.mode)) return STG_E_ACCESSDENIED;
  s.node->clsid = read_guid(clsid.addr);
  return changed(p, *s.doc, false);
}

int32_t Stg_SetStateBits(WindowsProcess& p, Ptr self, uint32_t bits, uint32_t mask) {
  StorageObject& s = object_of(storages, self.addr);
  if (!writable(s.mode)) return STG_E_ACCESSDENIED;
  s.node->state_bits = (s.node->state_bits & ~mask) | (bits & mask);
  return changed(p, *s.doc, false);
}

int32_t Stg_Stat(WindowsProcess& p, Ptr self, Ptr out, uint32_t flags) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  StorageObject& s = object_of(storages, self.addr);
  if (s.root && !(flags & STATFLAG_NONAME)) {
    // A root's name is its file's path.
    Node named = *s.node;
    named.name = s.doc->path;
    named.children.clear();
    fill_stat(p, out.addr, named, s.mode, s.doc->path.empty() ? STATFLAG_NONAME : flags);
    return com::S_OK;
  }
  fill_stat(p, out.addr, *s.node, s.mode, flags);
  return com::S_OK;
}

const std::vector<Export>& storage_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IStorage::QueryInterface", Stg_QueryInterface),
      EXPORT("IStorage::AddRef", Stg_AddRef),
      EXPORT("IStorage::Release", Stg_Release),
      EXPORT("IStorage::CreateStream", Stg_CreateStream),
      EXPORT("IStorage::OpenStream", Stg_OpenStream),
      EXPORT("IStorage::CreateStorage", Stg_CreateStorage),
      EXPORT("IStorage::OpenStorage", Stg_OpenStorage),
      EXPORT("IStorage::CopyTo", Stg_CopyTo),
      EXPORT("IStorage::MoveElementTo", Stg_MoveElementTo),
      EXPORT("IStorage::Commit", Stg_Commit),
      EXPORT("IStorage::Revert", Stg_Revert),
      EXPORT("IStorage::EnumElements", Stg_EnumElements),
      EXPORT("IStorage::DestroyElement", Stg_DestroyElement),
      EXPORT("IStorage::RenameElement", Stg_RenameElement),
      EXPORT("IStorage::SetElementTimes", Stg_SetElementTimes),
      EXPORT("IStorage::SetClass", Stg_SetClass),
      EXPORT("IStorage::SetStateBits", Stg_SetStateBits),
      EXPORT("IStorage::Stat", Stg_Stat),
  };
  return methods;
}

// ---- IStream over a node ----
int32_t Stm_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIStream) || guid_is(iid.addr, kIidISequentialStream)) {
    ++object_of(streams, self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Stm_AddRef(WindowsProcess&, Ptr self) { return ++object_of(streams, self.addr).refs; }
uint32_t Stm_Release(WindowsProcess& p, Ptr self) {
  StreamObject& s = object_of(streams, self.addr);
  if (--s.refs) return s.refs;
  std::shared_ptr<Document> doc = s.doc;
  streams.erase(self.addr);
  p.heap.free(self.addr);
  if (doc->dirty && (doc->file || doc->lockbytes)) changed(p, *doc, true);
  return 0;
}

int32_t Stm_Read(WindowsProcess&, Ptr self, Ptr buffer, uint32_t size, Ptr done) {
  StreamObject& s = object_of(streams, self.addr);
  if (!readable(s.mode)) return STG_E_ACCESSDENIED;
  const std::vector<uint8_t>& data = s.node->data;
  const uint32_t n = s.position >= data.size() ? 0 : static_cast<uint32_t>(std::min<uint64_t>(size, data.size() - s.position));
  if (n) std::memcpy(guest_pointer(buffer.addr), data.data() + s.position, n);
  s.position += n;
  if (done) put<uint32_t>(done.addr, n);
  return com::S_OK;
}

int32_t Stm_Write(WindowsProcess& p, Ptr self, Ptr buffer, uint32_t size, Ptr done) {
  StreamObject& s = object_of(streams, self.addr);
  if (done) put<uint32_t>(done.addr, 0);
  if (!writable(s.mode)) return STG_E_ACCESSDENIED;
  if (!size) return com::S_OK;
  std::vector<uint8_t>& data = s.node->data;
  if (s.position + size > data.size()) data.resize(s.position + size, 0);
  std::memcpy(data.data() + s.position, guest_pointer(buffer.addr), size);
  s.position += size;
  if (done) put<uint32_t>(done.addr, size);
  s.doc->dirty = true;
  (void)p;
  return com::S_OK;
}

int32_t Stm_Seek(WindowsProcess&, Ptr self, int64_t move, uint32_t origin, Ptr out) {
  StreamObject& s = object_of(streams, self.addr);
  int64_t base;
  switch (origin) {
    case 0: base = 0; break;
    case 1: base = static_cast<int64_t>(s.position); break;
    case 2: base = static_cast<int64_t>(s.node->data.size()); break;
    default: return STG_E_INVALIDFUNCTION;
  }
  if (base + move < 0) return STG_E_INVALIDFUNCTION;
  s.position = static_cast<uint64_t>(base + move);
  if (out) put<uint64_t>(out.addr, s.position);
  return com::S_OK;
}

int32_t Stm_SetSize(WindowsProcess&, Ptr self, uint64_t size) {
  StreamObject& s = object_of(streams, self.addr);
  if (!writable(s.mode)) return STG_E_ACCESSDENIED;
  if (size >> 32) return STG_E_INVALIDFUNCTION;
  s.node->data.resize(size, 0);
  s.doc->dirty = true;
  return com::S_OK;
}

int32_t Stm_CopyTo(WindowsProcess& p, Ptr self, Ptr dest, uint64_t count, Ptr read_total, Ptr written_total) {
  if (!dest) return com::STG_E_INVALIDPOINTER;
  StreamObject& s = object_of(streams, self.addr);
  const std::vector<uint8_t>& data = s.node->data;
  const uint64_t n = s.position >= data.size() ? 0 : std::min<uint64_t>(count, data.size() - s.position);
  uint32_t written = 0;
  int32_t hr = com::S_OK;
  if (n) {
    Scratch copy(p, n);
    std::memcpy(guest_pointer(copy.addr), data.data() + s.position, n);
    s.position += n;
    hr = stream_write(p, dest.addr, copy.addr, static_cast<uint32_t>(n), written);
  }
  if (read_total) put<uint64_t>(read_total.addr, n);
  if (written_total) put<uint64_t>(written_total.addr, written);
  return hr;
}

int32_t Stm_Commit(WindowsProcess& p, Ptr self, uint32_t) {
  StreamObject& s = object_of(streams, self.addr);
  return s.doc->dirty ? changed(p, *s.doc, true) : com::S_OK;
}
int32_t Stm_Revert(WindowsProcess&, Ptr) { return com::S_OK; }
// Compound file streams have no region locks (Microsoft's IStream::LockRegion page: "Compound
// files do not support region locking").
int32_t Stm_LockRegion(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return STG_E_INVALIDFUNCTION; }
int32_t Stm_UnlockRegion(WindowsProcess&, Ptr, uint64_t, uint64_t, uint32_t) { return STG_E_INVALIDFUNCTION; }

int32_t Stm_Stat(WindowsProcess& p, Ptr self, Ptr out, uint32_t flags) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  StreamObject& s = object_of(streams, self.addr);
  fill_stat(p, out.addr, *s.node, s.mode, flags);
  return com::S_OK;
}

int32_t Stm_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  StreamObject copy = object_of(streams, self.addr);
  copy.refs = 1;
  const uint64_t made = new_object(p, streams, stream_methods(), std::move(copy));
  if (!made) return STG_E_INSUFFICIENTMEMORY;
  p.put_ptr(out.addr, made);
  return com::S_OK;
}

const std::vector<Export>& stream_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IStream::QueryInterface", Stm_QueryInterface),
      EXPORT("IStream::AddRef", Stm_AddRef),
      EXPORT("IStream::Release", Stm_Release),
      EXPORT("IStream::Read", Stm_Read),
      EXPORT("IStream::Write", Stm_Write),
      EXPORT("IStream::Seek", Stm_Seek),
      EXPORT("IStream::SetSize", Stm_SetSize),
      EXPORT("IStream::CopyTo", Stm_CopyTo),
      EXPORT("IStream::Commit", Stm_Commit),
      EXPORT("IStream::Revert", Stm_Revert),
      EXPORT("IStream::LockRegion", Stm_LockRegion),
      EXPORT("IStream::UnlockRegion", Stm_UnlockRegion),
      EXPORT("IStream::Stat", Stm_Stat),
      EXPORT("IStream::Clone", Stm_Clone),
  };
  return methods;
}

// ---- IEnumSTATSTG: a storage's elements as they were when it was made ----
int32_t Enum_QueryInterface(WindowsProcess& p, Ptr self, Ptr iid, Ptr out) {
  if (guid_is(iid.addr, kIidIUnknown) || guid_is(iid.addr, kIidIEnumSTATSTG)) {
    ++object_of(enumerators, self.addr).refs;
    p.put_ptr(out.addr, self.addr);
    return com::S_OK;
  }
  p.put_ptr(out.addr, 0);
  return com::E_NOINTERFACE;
}
uint32_t Enum_AddRef(WindowsProcess&, Ptr self) { return ++object_of(enumerators, self.addr).refs; }
uint32_t Enum_Release(WindowsProcess& p, Ptr self) {
  EnumObject& e = object_of(enumerators, self.addr);
  if (--e.refs) return e.refs;
  enumerators.erase(self.addr);
  p.heap.free(self.addr);
  return 0;
}
int32_t Enum_Next(WindowsProcess& p, Ptr self, uint32_t count, Ptr out, Ptr fetched) {
  EnumObject& e = object_of(enumerators, self.addr);
  if (!out || (count > 1 && !fetched)) return com::E_INVALIDARG;
  const uint64_t size = p.isa->ptr == 8 ? 80 : 72;
  uint32_t n = 0;
  while (n < count && e.next < e.items.size()) {
    fill_stat(p, out.addr + n * size, *e.items[e.next++], 0, 0);
    ++n;
  }
  if (fetched) put<uint32_t>(fetched.addr, n);
  return n == count ? com::S_OK : com::S_FALSE;
}
int32_t Enum_Skip(WindowsProcess&, Ptr self, uint32_t count) {
  EnumObject& e = object_of(enumerators, self.addr);
  const size_t left = e.items.size() - e.next;
  e.next += std::min<size_t>(count, left);
  return count <= left ? com::S_OK : com::S_FALSE;
}
int32_t Enum_Reset(WindowsProcess&, Ptr self) {
  object_of(enumerators, self.addr).next = 0;
  return com::S_OK;
}
int32_t Enum_Clone(WindowsProcess& p, Ptr self, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  EnumObject copy = object_of(enumerators, self.addr);
  copy.refs = 1;
  const uint64_t made = new_object(p, enumerators, enum_methods(), std::move(copy));
  if (!made) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, made);
  return com::S_OK;
}
const std::vector<Export>& enum_methods() {
  static const std::vector<Export> methods = {
      EXPORT("IEnumSTATSTG::QueryInterface", Enum_QueryInterface),
      EXPORT("IEnumSTATSTG::AddRef", Enum_AddRef),
      EXPORT("IEnumSTATSTG::Release", Enum_Release),
      EXPORT("IEnumSTATSTG::Next", Enum_Next),
      EXPORT("IEnumSTATSTG::Skip", Enum_Skip),
      EXPORT("IEnumSTATSTG::Reset", Enum_Reset),
      EXPORT("IEnumSTATSTG::Clone", Enum_Clone),
  };
  return methods;
}

// ---- the Stg* functions ----
uint64_t new_root(WindowsProcess& p, std::shared_ptr<Document> doc) {
  StorageObject s;
  s.doc = doc;
  s.node = doc->root;
  s.mode = doc->mode;
  s.root = true;
  return new_object(p, storages, storage_methods(), std::move(s));
}

// The share and access modes a root allows: direct read-write needs exclusive sharing (or a
// priority or simple mode); unknown bits are STG_E_INVALIDFLAG.
bool valid_root_mode(uint32_t mode) {
  if ((mode & 3) == 3) return false;
  const uint32_t share = mode & 0x70;
  if (share > STGM_SHARE_DENY_NONE) return false;
  if ((mode & STGM_CREATE) && (mode & STGM_CONVERT)) return false;
  return true;
}

uint64_t open_file(WindowsProcess& p, const std::u16string& path, uint32_t mode, uint32_t disposition) {
  constexpr uint32_t GENERIC_READ = 0x80000000, GENERIC_WRITE = 0x40000000, FILE_SHARE_READ = 1, FILE_SHARE_WRITE = 2;
  uint32_t access = GENERIC_READ;
  if (writable(mode)) access |= GENERIC_WRITE;
  const uint32_t share_mode = mode & 0x70;
  uint32_t share = 0;
  if (share_mode == STGM_SHARE_DENY_NONE || share_mode == 0) share = FILE_SHARE_READ | FILE_SHARE_WRITE;
  else if (share_mode == STGM_SHARE_DENY_WRITE) share = FILE_SHARE_READ;
  else if (share_mode == STGM_SHARE_DENY_READ) share = FILE_SHARE_WRITE;
  GuestText name(p, path);
  const uint64_t h = kernel32(p, "CreateFileW", {name.addr, access, share, 0, disposition, 0x80, 0});
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  return h == invalid ? 0 : h;
}

int32_t file_error(WindowsProcess& p) {
  const uint32_t error = static_cast<uint32_t>(kernel32(p, "GetLastError", {}));
  switch (error) {
    case 2: return STG_E_FILENOTFOUND;
    case 3: return STG_E_PATHNOTFOUND;
    case 5: return STG_E_ACCESSDENIED;
    case 32: return STG_E_SHAREVIOLATION;
    case 80: case 183: return STG_E_FILEALREADYEXISTS;
  }
  return hresult_from_win32(error);
}

int32_t create_docfile(WindowsProcess& p, uint64_t name, uint32_t mode, uint64_t out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  p.put_ptr(out, 0);
  if (!valid_root_mode(mode) || !writable(mode)) return STG_E_INVALIDFLAG;
  auto doc = std::make_shared<Document>();
  doc->mode = mode;
  if (name) {
    doc->path = read_wide(name);
  } else {
    Scratch dir(p, 2 * 261), file(p, 2 * 261);
    kernel32(p, "GetTempPathW", {260, dir.addr});
    GuestText prefix(p, u"STO");
    kernel32(p, "GetTempFileNameW", {dir.addr, prefix.addr, 0, file.addr});
    doc->path = read_wide(file.addr);
    doc->delete_on_release = true;
    mode |= STGM_CREATE;
  }
  if (mode & STGM_DELETEONRELEASE) doc->delete_on_release = true;
  constexpr uint32_t CREATE_NEW = 1, CREATE_ALWAYS = 2;
  doc->file = open_file(p, doc->path, mode, (mode & STGM_CREATE) ? CREATE_ALWAYS : CREATE_NEW);
  if (!doc->file) return file_error(p);
  doc->root = std::make_shared<Node>();
  doc->root->name = u"Root Entry";
  doc->root->type = cfb::kRoot;
  write_backing(p, *doc);
  const uint64_t made = new_root(p, doc);
  if (!made) return STG_E_INSUFFICIENTMEMORY;
  p.put_ptr(out, made);
  return com::S_OK;
}

int32_t open_docfile(WindowsProcess& p, uint64_t name, uint32_t mode, uint64_t out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  p.put_ptr(out, 0);
  if (!name) return STG_E_INVALIDNAME;
  if (!valid_root_mode(mode) || (mode & STGM_CREATE)) return STG_E_INVALIDFLAG;
  auto doc = std::make_shared<Document>();
  doc->mode = mode;
  doc->path = read_wide(name);
  constexpr uint32_t OPEN_EXISTING = 3;
  doc->file = open_file(p, doc->path, mode, OPEN_EXISTING);
  if (!doc->file) return file_error(p);
  const std::vector<uint8_t> image = read_backing(p, *doc);
  if (!cfb::has_signature(image)) {
    kernel32(p, "CloseHandle", {doc->file});
    return image.empty() ? STG_E_FILEALREADYEXISTS : STG_E_FILEALREADYEXISTS;
  }
  doc->root = cfb::read_image(image);
  if (!doc->root) {
    kernel32(p, "CloseHandle", {doc->file});
    return STG_E_DOCFILECORRUPT;
  }
  if (mode & STGM_DELETEONRELEASE) doc->delete_on_release = true;
  const uint64_t made = new_root(p, doc);
  if (!made) return STG_E_INSUFFICIENTMEMORY;
  p.put_ptr(out, made);
  return com::S_OK;
}

// StgCreateDocfile(name, mode, reserved, &storage): a new compound file (a temporary one deleted
// on release for a NULL name); STGM_CREATE replaces a file that is there, which is
// STG_E_FILEALREADYEXISTS without it.
int32_t StgCreateDocfile(WindowsProcess& p, Ptr name, uint32_t mode, uint32_t, Ptr out) {
  return create_docfile(p, name.addr, mode, out.addr);
}

// StgOpenStorage(name, priority, mode, exclude, reserved, &storage): an existing compound file;
// STG_E_FILENOTFOUND without the file, STG_E_FILEALREADYEXISTS for a file that is no compound file.
int32_t StgOpenStorage(WindowsProcess& p, Ptr name, Ptr, uint32_t mode, Ptr, uint32_t, Ptr out) {
  return open_docfile(p, name.addr, mode, out.addr);
}

// The Ex forms: STGFMT_STORAGE, STGFMT_DOCFILE (and STGFMT_ANY to open) are compound files, asked
// for the interface `iid`; STGFMT_FILE is the file system's (E_INVALIDARG here, as it is no
// storage), other formats STG_E_INVALIDPARAMETER.
int32_t ex_result(WindowsProcess& p, int32_t hr, uint64_t made, uint64_t iid, uint64_t out) {
  if (com::failed(hr)) return hr;
  const int32_t qi = static_cast<int32_t>(call_method(p, made, kQueryInterface, {iid, out}));
  call_method(p, made, kRelease);
  return qi;
}
int32_t StgCreateStorageEx(WindowsProcess& p, Ptr name, uint32_t mode, uint32_t format, uint32_t, Ptr, Ptr, Ptr iid,
                           Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  if (format == STGFMT_FILE) return com::E_INVALIDARG;
  if (format != STGFMT_STORAGE && format != STGFMT_DOCFILE) return com::STG_E_INVALIDPARAMETER;
  Scratch made(p, 8);
  const int32_t hr = create_docfile(p, name.addr, mode, made.addr);
  return ex_result(p, hr, p.get_ptr(made.addr), iid.addr, out.addr);
}
int32_t StgOpenStorageEx(WindowsProcess& p, Ptr name, uint32_t mode, uint32_t format, uint32_t, Ptr, Ptr, Ptr iid,
                         Ptr out) {
  if (!out) return com::STG_E_INVALIDPOINTER;
  if (format == STGFMT_FILE) return com::E_INVALIDARG;
  if (format != STGFMT_STORAGE && format != STGFMT_DOCFILE && format != STGFMT_ANY) return com::STG_E_INVALIDPARAMETER;
  Scratch made(p, 8);
  const int32_t hr = open_docfile(p, name.addr, mode, made.addr);
  return ex_result(p, hr, p.get_ptr(made.addr), iid.addr, out.addr);
}

// StgCreateDocfileOnILockBytes(lockbytes, mode, reserved, &storage) and
// StgOpenStorageOnILockBytes(lockbytes, priority, mode, exclude, reserved, &storage): compound
// files in the program's byte array (held until the root is released).
int32_t StgCreateDocfileOnILockBytes(WindowsProcess& p, Ptr lockbytes, uint32_t mode, uint32_t, Ptr out) {
  if (!out || !lockbytes) return com::STG_E_INVALIDPOINTER;
  p.put_ptr(out.addr, 0);
  if (!valid_root_mode(mode) || !writable(mode)) return STG_E_INVALIDFLAG;
  auto doc = std::make_shared<Document>();
  doc->mode = mode;
  doc->lockbytes = lockbytes.addr;
  const std::vector<uint8_t> image = read_backing(p, *doc);
  if (!image.empty() && !(mode & STGM_CREATE)) return STG_E_FILEALREADYEXISTS;
  call_method(p, lockbytes.addr, kAddRef);
  doc->root = std::make_shared<Node>();
  doc->root->name = u"Root Entry";
  doc->root->type = cfb::kRoot;
  write_backing(p, *doc);
  const uint64_t made = new_root(p, doc);
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : STG_E_INSUFFICIENTMEMORY;
}
int32_t StgOpenStorageOnILockBytes(WindowsProcess& p, Ptr lockbytes, Ptr, uint32_t mode, Ptr, uint32_t, Ptr out) {
  if (!out || !lockbytes) return com::STG_E_INVALIDPOINTER;
  p.put_ptr(out.addr, 0);
  if (!valid_root_mode(mode)) return STG_E_INVALIDFLAG;
  auto doc = std::make_shared<Document>();
  doc->mode = mode;
  doc->lockbytes = lockbytes.addr;
  const std::vector<uint8_t> image = read_backing(p, *doc);
  if (!cfb::has_signature(image)) return STG_E_FILEALREADYEXISTS;
  doc->root = cfb::read_image(image);
  if (!doc->root) return STG_E_DOCFILECORRUPT;
  call_method(p, lockbytes.addr, kAddRef);
  const uint64_t made = new_root(p, doc);
  p.put_ptr(out.addr, made);
  return made ? com::S_OK : STG_E_INSUFFICIENTMEMORY;
}

// StgIsStorageFile(name): S_OK for a compound file, S_FALSE for another file,
// STG_E_FILENOTFOUND without one. StgIsStorageILockBytes likewise for a byte array.
int32_t StgIsStorageFile(WindowsProcess& p, Ptr name) {
  if (!name) return STG_E_INVALIDNAME;
  constexpr uint32_t GENERIC_READ = 0x80000000, FILE_SHARE_READ = 1, FILE_SHARE_WRITE = 2, OPEN_EXISTING = 3;
  const uint64_t h = kernel32(p, "CreateFileW", {name.addr, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, 0,
                                                 OPEN_EXISTING, 0x80, 0});
  if (h == (p.isa->ptr == 8 ? ~0ull : 0xffffffffull)) return file_error(p);
  Scratch buffer(p, 8), done(p, 4);
  kernel32(p, "ReadFile", {h, buffer.addr, 8, done.addr, 0});
  kernel32(p, "CloseHandle", {h});
  if (get<uint32_t>(done.addr) != 8) return com::S_FALSE;
  return std::memcmp(guest_pointer(buffer.addr), cfb::kSignature, 8) == 0 ? com::S_OK : com::S_FALSE;
}
int32_t StgIsStorageILockBytes(WindowsProcess& p, Ptr lockbytes) {
  constexpr unsigned kReadAt = 3;
  Scratch buffer(p, 8), done(p, 4);
  const std::vector<uint64_t> args = p.isa->ptr == 8 ? std::vector<uint64_t>{0, buffer.addr, 8, done.addr}
                                                     : std::vector<uint64_t>{0, 0, buffer.addr, 8, done.addr};
  call_method(p, lockbytes.addr, kReadAt, args);  // (a short read is no compound file, whatever it answers)
  if (get<uint32_t>(done.addr) != 8) return com::S_FALSE;
  return std::memcmp(guest_pointer(buffer.addr), cfb::kSignature, 8) == 0 ? com::S_OK : com::S_FALSE;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_storage_exports() {
  static const std::vector<Export> exports = {
      EXPORT("StgCreateDocfile", StgCreateDocfile),
      EXPORT("StgOpenStorage", StgOpenStorage),
      EXPORT("StgCreateStorageEx", StgCreateStorageEx),
      EXPORT("StgOpenStorageEx", StgOpenStorageEx),
      EXPORT("StgCreateDocfileOnILockBytes", StgCreateDocfileOnILockBytes),
      EXPORT("StgOpenStorageOnILockBytes", StgOpenStorageOnILockBytes),
      EXPORT("StgIsStorageFile", StgIsStorageFile),
      EXPORT("StgIsStorageILockBytes", StgIsStorageILockBytes),
  };
  return exports;
}

}  // namespace polyrun::shims
