// Keyboard accelerators: tables from RT_ACCELERATOR resources (LoadAccelerators) or ACCEL arrays
// (CreateAcceleratorTable), CopyAcceleratorTable, DestroyAcceleratorTable, and
// TranslateAccelerator, which makes a key message that matches an entry the window's WM_COMMAND
// (its command id, 1 in the high word): a virtual-key entry matches WM_KEYDOWN or WM_SYSKEYDOWN
// of its key with exactly its Shift, Ctrl and Alt held (the thread's key state), a character entry
// WM_CHAR or WM_SYSCHAR of its character (Alt with FALT).
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/resources.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint8_t { FVIRTKEY = 1, FNOINVERT = 2, FSHIFT = 4, FCONTROL = 8, FALT = 0x10 };

struct Accel {
  uint8_t flags = 0;
  uint16_t key = 0, cmd = 0;
};

struct AccelTables {
  std::map<uint32_t, std::vector<Accel>> tables;
  std::map<std::pair<uint64_t, uint64_t>, uint32_t> loaded;  // LoadAccelerators': module and resource → table
  uint32_t next = 0;
};
AccelTables& accel_tables() {
  static AccelTables t;
  return t;
}

uint32_t add_table(std::vector<Accel> entries) {
  AccelTables& t = accel_tables();
  uint32_t h;
  do h = 0x18000 + 4 * t.next++;
  while (t.tables.count(h));
  t.tables[h] = std::move(entries);
  return h;
}
std::vector<Accel>* find_table(uint64_t h) {
  auto& tables = accel_tables().tables;
  auto it = tables.find(static_cast<uint32_t>(h));
  return it == tables.end() ? nullptr : &it->second;
}

// RT_ACCELERATOR: entries of fFlags, wAnsi, wId, padding (2 bytes each); 0x80 in the flags marks
// the last. The same resource loaded again gives the same table ("If the table has already been
// loaded, the function returns a handle to the already loaded table", LoadAccelerators' page;
// wine 8.0 makes another).
Ptr load_accelerators(WindowsProcess& p, uint64_t module, uint64_t name, bool wide) {
  const uint64_t res = find_resource(p, module, 9 /* RT_ACCELERATOR */, name, -1, wide);
  if (!res) return Ptr();
  const auto key = std::make_pair(module, res);
  if (auto it = accel_tables().loaded.find(key); it != accel_tables().loaded.end() && find_table(it->second))
    return Ptr(it->second);
  uint32_t size = 0;
  const uint64_t data = resource_data(p, module, res, &size);
  if (!data) return Ptr();
  std::vector<Accel> entries;
  for (uint32_t at = 0; at + 8 <= size; at += 8) {
    const uint16_t flags = get<uint16_t>(data + at);
    entries.push_back({static_cast<uint8_t>(flags & 0x7f), get<uint16_t>(data + at + 2), get<uint16_t>(data + at + 4)});
    if (flags & 0x80) break;
  }
  const uint32_t h = add_table(std::move(entries));
  accel_tables().loaded[key] = h;
  return Ptr(h);
}
Ptr LoadAcceleratorsW(WindowsProcess& p, Ptr module, Ptr name) { return load_accelerators(p, module.addr, name.addr, true); }
Ptr LoadAcceleratorsA(WindowsProcess& p, Ptr module, Ptr name) { return load_accelerators(p, module.addr, name.addr, false); }

// ACCEL: fVirt (1 byte, 1 of padding), key, cmd: 6 bytes.
Ptr create_table(WindowsProcess& p, uint64_t accels, int32_t count) {
  if (count <= 0 || !accels) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  std::vector<Accel> entries;
  for (int32_t i = 0; i < count; ++i) {
    const uint64_t a = accels + 6ull * i;
    entries.push_back({static_cast<uint8_t>(get<uint8_t>(a) & 0x7f), get<uint16_t>(a + 2), get<uint16_t>(a + 4)});
  }
  return Ptr(add_table(std::move(entries)));
}
Ptr CreateAcceleratorTableW(WindowsProcess& p, Ptr accels, int32_t count) { return create_table(p, accels.addr, count); }
Ptr CreateAcceleratorTableA(WindowsProcess& p, Ptr accels, int32_t count) { return create_table(p, accels.addr, count); }

BOOL DestroyAcceleratorTable(WindowsProcess& p, Ptr h) {
  AccelTables& t = accel_tables();
  if (!t.tables.erase(static_cast<uint32_t>(h.addr))) return fail(p, ERROR_INVALID_HANDLE);
  std::erase_if(t.loaded, [&](const auto& kv) { return kv.second == static_cast<uint32_t>(h.addr); });
  return TRUE;
}

// The number of entries (with no buffer), or how many were copied.
int32_t copy_table(WindowsProcess& p, uint64_t h, uint64_t out, int32_t count) {
  std::vector<Accel>* t = find_table(h);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  if (!out) return static_cast<int32_t>(t->size());
  const int32_t n = std::min<int32_t>(count, static_cast<int32_t>(t->size()));
  for (int32_t i = 0; i < n; ++i) {
    const uint64_t a = out + 6ull * i;
    put<uint8_t>(a, (*t)[static_cast<size_t>(i)].flags), put<uint8_t>(a + 1, 0);
    put<uint16_t>(a + 2, (*t)[static_cast<size_t>(i)].key), put<uint16_t>(a + 4, (*t)[static_cast<size_t>(i)].cmd);
  }
  return n;
}
int32_t CopyAcceleratorTableW(WindowsProcess& p, Ptr h, Ptr out, int32_t count) { return copy_table(p, h.addr, out.addr, count); }
int32_t CopyAcceleratorTableA(WindowsProcess& p, Ptr h, Ptr out, int32_t count) { return copy_table(p, h.addr, out.addr, count); }

int32_t translate_accelerator(WindowsProcess& p, uint64_t hwnd, uint64_t table, uint64_t msg, bool unicode) {
  std::vector<Accel>* t = find_table(table);
  if (!t || !msg) return 0;  // (no error set, as wine 8.0 sets none)
  const unsigned w = p.isa->ptr;
  const uint32_t message = get<uint32_t>(msg + w);
  const uint64_t wparam = p.get_ptr(msg + 2 * w);
  if (message != WM_KEYDOWN && message != WM_SYSKEYDOWN && message != WM_CHAR && message != WM_SYSCHAR) return 0;
  if (!window_or_fail(p, hwnd)) return 0;
  const auto& keys = own_queue(p).input->keys;
  const uint8_t held = static_cast<uint8_t>((keys[0x10] & 0x80 ? FSHIFT : 0) | (keys[0x11] & 0x80 ? FCONTROL : 0) |
                                            (keys[0x12] & 0x80 ? FALT : 0));
  const bool virt = message == WM_KEYDOWN || message == WM_SYSKEYDOWN;
  for (const Accel& a : *t) {
    if (virt != ((a.flags & FVIRTKEY) != 0)) continue;
    if (virt) {
      if (a.key != (wparam & 0xffff) || (a.flags & (FSHIFT | FCONTROL | FALT)) != held) continue;
    } else {
      if (a.key != (wparam & 0xffff)) continue;
      if (((a.flags & FALT) != 0) != (message == WM_SYSCHAR)) continue;
    }
    send_message(p, hwnd, WM_COMMAND, 0x10000u | a.cmd, 0, unicode);
    return 1;
  }
  return 0;
}
int32_t TranslateAcceleratorW(WindowsProcess& p, Ptr hwnd, Ptr table, Ptr msg) {
  return translate_accelerator(p, hwnd.addr, table.addr, msg.addr, true);
}
int32_t TranslateAcceleratorA(WindowsProcess& p, Ptr hwnd, Ptr table, Ptr msg) {
  return translate_accelerator(p, hwnd.addr, table.addr, msg.addr, false);
}

}  // namespace

const std::vector<Export>& accelerator_exports() {
  static const std::vector<Export> e = {
      EXPORT("LoadAcceleratorsW", LoadAcceleratorsW), EXPORT("LoadAcceleratorsA", LoadAcceleratorsA),
      EXPORT("CreateAcceleratorTableW", CreateAcceleratorTableW),
      EXPORT("CreateAcceleratorTableA", CreateAcceleratorTableA),
      EXPORT("DestroyAcceleratorTable", DestroyAcceleratorTable), EXPORT("CopyAcceleratorTableW", CopyAcceleratorTableW),
      EXPORT("CopyAcceleratorTableA", CopyAcceleratorTableA), EXPORT("TranslateAcceleratorW", TranslateAcceleratorW),
      EXPORT("TranslateAcceleratorA", TranslateAcceleratorA), EXPORT("TranslateAccelerator", TranslateAcceleratorA),
  };
  return e;
}

}  // namespace polyrun::shims::user32
