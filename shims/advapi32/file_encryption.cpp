// ADVAPI32.dll, the Encrypting File System on a volume that has none (EFS lives in NTFS; polyrun's
// files are the host's, whose file systems have no EFS): EncryptFile, DecryptFile and
// OpenEncryptedFileRaw of a file that exists answer ERROR_VOLUME_NOT_SUPPORT_EFS, as Windows answers
// on a FAT volume; FileEncryptionStatus says FILE_SYSTEM_NOT_SUPPORT; no raw context can be opened,
// so ReadEncryptedFileRaw and WriteEncryptedFileRaw never have one.
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_file_encryption {

constexpr uint32_t kErrorVolumeNotSupportEfs = 6014, FILE_SYSTEM_NOT_SUPPORT = 6;

// 0 when the file (a guest string) exists, else GetFileAttributes' error.
uint32_t exists(WindowsProcess& p, uint64_t name, bool wide) {
  if (!name) return ERROR_INVALID_PARAMETER;
  const uint64_t a = p.call_export("kernel32.dll", wide ? "GetFileAttributesW" : "GetFileAttributesA", {name});
  if (static_cast<uint32_t>(a) != 0xffffffffu) return 0;
  return p.last_error() ? p.last_error() : ERROR_FILE_NOT_FOUND;
}
BOOL no_efs(WindowsProcess& p, uint64_t name, bool wide) {
  if (const uint32_t e = exists(p, name, wide)) return fail(p, e);
  return fail(p, kErrorVolumeNotSupportEfs);
}
BOOL EncryptFileW(WindowsProcess& p, Ptr name) { return no_efs(p, name.addr, true); }
BOOL EncryptFileA(WindowsProcess& p, Ptr name) { return no_efs(p, name.addr, false); }
BOOL DecryptFileW(WindowsProcess& p, Ptr name, uint32_t) { return no_efs(p, name.addr, true); }
BOOL DecryptFileA(WindowsProcess& p, Ptr name, uint32_t) { return no_efs(p, name.addr, false); }

BOOL status(WindowsProcess& p, uint64_t name, Ptr out, bool wide) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  if (const uint32_t e = exists(p, name, wide)) return fail(p, e);
  put<uint32_t>(out.addr, FILE_SYSTEM_NOT_SUPPORT);
  return TRUE;
}
BOOL FileEncryptionStatusW(WindowsProcess& p, Ptr name, Ptr out) { return status(p, name.addr, out, true); }
BOOL FileEncryptionStatusA(WindowsProcess& p, Ptr name, Ptr out) { return status(p, name.addr, out, false); }

uint32_t open_raw(WindowsProcess& p, uint64_t name, Ptr context, bool wide) {
  if (!context) return ERROR_INVALID_PARAMETER;
  p.put_ptr(context.addr, 0);
  if (const uint32_t e = exists(p, name, wide)) return e;
  return kErrorVolumeNotSupportEfs;
}
uint32_t OpenEncryptedFileRawW(WindowsProcess& p, Ptr name, uint32_t, Ptr context) { return open_raw(p, name.addr, context, true); }
uint32_t OpenEncryptedFileRawA(WindowsProcess& p, Ptr name, uint32_t, Ptr context) { return open_raw(p, name.addr, context, false); }
uint32_t ReadEncryptedFileRaw(WindowsProcess&, Ptr, Ptr, Ptr) { return ERROR_INVALID_PARAMETER; }
uint32_t WriteEncryptedFileRaw(WindowsProcess&, Ptr, Ptr, Ptr) { return ERROR_INVALID_PARAMETER; }
void CloseEncryptedFileRaw(WindowsProcess&, Ptr) {}  // (no context was ever opened)

}  // namespace advapi32_file_encryption

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_file_encryption_exports() {
  using namespace advapi32_file_encryption;
  static const std::vector<Export> exports = {
      EXPORT("EncryptFileW", EncryptFileW),
      EXPORT("EncryptFileA", EncryptFileA),
      EXPORT("DecryptFileW", DecryptFileW),
      EXPORT("DecryptFileA", DecryptFileA),
      EXPORT("FileEncryptionStatusW", FileEncryptionStatusW),
      EXPORT("FileEncryptionStatusA", FileEncryptionStatusA),
      EXPORT("OpenEncryptedFileRawW", OpenEncryptedFileRawW),
      EXPORT("OpenEncryptedFileRawA", OpenEncryptedFileRawA),
      EXPORT("ReadEncryptedFileRaw", ReadEncryptedFileRaw),
      EXPORT("WriteEncryptedFileRaw", WriteEncryptedFileRaw),
      EXPORT("CloseEncryptedFileRaw", CloseEncryptedFileRaw),
  };
  return exports;
}

}  // namespace polyrun::shims
