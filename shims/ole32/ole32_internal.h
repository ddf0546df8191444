// What OLE32's files share among themselves (not OLEAUT32: that is com_object.h): GUID text, guest
// strings, HKEY_CLASSES_ROOT read through ADVAPI32's registry functions, and calls of KERNEL32 by
// name (core's call_export: OLE32 links no DLL folder). Defined in ole32/system_calls.cpp unless
// said otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shims/ole32/com_object.h"

namespace polyrun::shims::ole32 {

// More HRESULTs (winerror.h).
inline constexpr int32_t CO_E_IIDSTRING = static_cast<int32_t>(0x800401f4),
                         CO_S_NOTALLINTERFACES = static_cast<int32_t>(0x00080012),
                         REGDB_E_READREGDB = static_cast<int32_t>(0x80040150),
                         REGDB_E_WRITEREGDB = static_cast<int32_t>(0x80040151),
                         REGDB_E_KEYMISSING = static_cast<int32_t>(0x80040152),
                         CO_E_DLLNOTFOUND = static_cast<int32_t>(0x800401f8),
                         CO_E_ERRORINDLL = static_cast<int32_t>(0x800401f9),
                         CLASS_E_CLASSNOTAVAILABLE = static_cast<int32_t>(0x80040111),
                         CLASS_E_NOAGGREGATION = static_cast<int32_t>(0x80040110),
                         RPC_E_NO_CONTEXT = static_cast<int32_t>(0x8001011f),
                         RPC_E_CALL_COMPLETE = static_cast<int32_t>(0x80010117),
                         RPC_E_WRONG_THREAD = static_cast<int32_t>(0x8001010e),
                         RPC_E_INVALID_OBJECT = static_cast<int32_t>(0x80010114),
                         CO_E_OBJNOTCONNECTED = static_cast<int32_t>(0x800401fd),
                         STG_E_FILENOTFOUND = static_cast<int32_t>(0x80030002),
                         STG_E_INVALIDHANDLE = static_cast<int32_t>(0x80030006),
                         STG_E_INVALIDFUNCTION = static_cast<int32_t>(0x80030001),
                         STG_E_MEDIUMFULL = static_cast<int32_t>(0x80030070),
                         STG_E_INVALIDFLAG = static_cast<int32_t>(0x800300ff),
                         STG_E_INVALIDNAME = static_cast<int32_t>(0x800300fc),
                         STG_E_UNIMPLEMENTEDFUNCTION = static_cast<int32_t>(0x800300fe),
                         STG_E_ACCESSDENIED = static_cast<int32_t>(0x80030005),
                         STG_E_PATHNOTFOUND = static_cast<int32_t>(0x80030003),
                         STG_E_SHAREVIOLATION = static_cast<int32_t>(0x80030020),
                         STG_E_FILEALREADYEXISTS = static_cast<int32_t>(0x80030050),
                         STG_E_OLDFORMAT = static_cast<int32_t>(0x80030104),
                         STG_E_NOTFILEBASEDSTORAGE = static_cast<int32_t>(0x80030107),
                         STG_E_WRITEFAULT = static_cast<int32_t>(0x8003001d),
                         STG_E_SEEKERROR = static_cast<int32_t>(0x80030019),
                         STG_E_INSUFFICIENTMEMORY = static_cast<int32_t>(0x80030008),
                         STG_E_LOCKVIOLATION = static_cast<int32_t>(0x80030021),
                         STG_S_CONVERTED = static_cast<int32_t>(0x00030200),
                         DV_E_FORMATETC = static_cast<int32_t>(0x80040064),
                         DV_E_TYMED = static_cast<int32_t>(0x80040069),
                         DV_E_CLIPFORMAT = static_cast<int32_t>(0x8004006a),
                         OLE_E_ADVISENOTSUPPORTED = static_cast<int32_t>(0x80040003),
                         OLE_E_NOCONNECTION = static_cast<int32_t>(0x80040004),
                         OLE_E_NOTRUNNING = static_cast<int32_t>(0x80040005),
                         OLE_E_WRONGCOMPOBJ = static_cast<int32_t>(0x8004000e),
                         OLE_E_ENUM_NOMORE = static_cast<int32_t>(0x80040002),
                         OLEOBJ_E_NOVERBS = static_cast<int32_t>(0x80040180),
                         REGDB_E_IIDNOTREG = static_cast<int32_t>(0x80040155),
                         MK_E_UNAVAILABLE = static_cast<int32_t>(0x800401e3),
                         MK_E_NOOBJECT = static_cast<int32_t>(0x800401e5),
                         MK_E_SYNTAX = static_cast<int32_t>(0x800401e4),
                         MK_E_NOINVERSE = static_cast<int32_t>(0x800401ec),
                         MK_E_NOPREFIX = static_cast<int32_t>(0x800401ee),
                         MK_E_NOTBINDABLE = static_cast<int32_t>(0x800401e8),
                         MK_S_US = static_cast<int32_t>(0x000401e6),
                         MK_S_HIM = static_cast<int32_t>(0x000401e5),
                         MK_S_ME = static_cast<int32_t>(0x000401e4),
                         MK_S_REDUCED_TO_SELF = static_cast<int32_t>(0x000401e2),
                         MK_E_NEEDGENERIC = static_cast<int32_t>(0x800401e2),
                         E_UNEXPECTED = static_cast<int32_t>(0x8000ffff),
                         E_ACCESSDENIED = static_cast<int32_t>(0x80070005),
                         E_HANDLE = static_cast<int32_t>(0x80070006),
                         CO_E_NOT_SUPPORTED = static_cast<int32_t>(0x80004021),
                         STG_E_DOCFILECORRUPT = static_cast<int32_t>(0x80030109);

// CLSCTX bits.
inline constexpr uint32_t CLSCTX_INPROC_SERVER = 0x1, CLSCTX_INPROC_HANDLER = 0x2, CLSCTX_LOCAL_SERVER = 0x4,
                          CLSCTX_REMOTE_SERVER = 0x10;

// Marshalling contexts, global memory flags, storage medium kinds.
inline constexpr uint32_t MSHCTX_LOCAL = 0, MSHCTX_NOSHAREDMEM = 1, MSHCTX_DIFFERENTMACHINE = 2, MSHCTX_INPROC = 3,
                          MSHCTX_CROSSCTX = 4;
inline constexpr uint32_t GMEM_MOVEABLE = 0x2, GMEM_NODISCARD = 0x20, GMEM_SHARE = 0x2000;
inline constexpr uint32_t TYMED_NULL = 0, TYMED_HGLOBAL = 1, TYMED_FILE = 2, TYMED_ISTREAM = 4, TYMED_ISTORAGE = 8,
                          TYMED_GDI = 16, TYMED_MFPICT = 32, TYMED_ENHMF = 64;

// STGM modes, STATFLAG.
inline constexpr uint32_t STGM_READ = 0, STGM_WRITE = 1, STGM_READWRITE = 2, STGM_SHARE_DENY_NONE = 0x40,
                          STGM_SHARE_DENY_READ = 0x30, STGM_SHARE_DENY_WRITE = 0x20, STGM_SHARE_EXCLUSIVE = 0x10,
                          STGM_TRANSACTED = 0x10000, STGM_CREATE = 0x1000, STGM_CONVERT = 0x20000,
                          STGM_DELETEONRELEASE = 0x4000000, STATFLAG_NONAME = 1;

// Guest GUIDs (read_guid, write_guid: com_object.h).
inline constexpr GuidBytes kGuidNull{};
inline constexpr GuidBytes ole_iid(uint32_t d1) { return make_guid(d1, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}); }

inline constexpr GuidBytes kIidIClassFactory = ole_iid(0x00000001), kIidIMarshal = ole_iid(0x00000003),
                           kIidILockBytes = ole_iid(0x0000000a), kIidIStorage = ole_iid(0x0000000b),
                           kIidIStream = ole_iid(0x0000000c);

// (GUID text, guest strings and blocks, the registry under HKEY_CLASSES_ROOT: com_object.h.)
// The default value of HKEY_CLASSES_ROOT\path (nothing when the key or value is missing).
std::optional<std::u16string> classes_string(WindowsProcess& p, const std::u16string& path);
// HKCR\CLSID\{clsid}[\sub] opened: S_OK, REGDB_E_CLASSNOTREG (no class key), REGDB_E_KEYMISSING
// (no subkey), REGDB_E_READREGDB (another error).
int32_t open_clsid_key(WindowsProcess& p, const GuidBytes& clsid, const std::u16string& sub, uint64_t& key);

// A KERNEL32 function called by name, pointer-sized arguments.
uint64_t kernel32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args);
uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args);
uint64_t gdi32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args);

// The calling thread's apartment (ole32/apartments.cpp): 0 none, 1 single-threaded, 2 the
// multithreaded one (also when the thread is in it implicitly).
int apartment_kind();

// Whether the calling thread called OleInitialize (and not yet its OleUninitialize)
// (ole32/apartments.cpp).
bool ole_initialized();

// A new IEnumFORMATETC over FORMATETCs given as their bytes (ole32/registry_enums.cpp).
uint64_t format_enumerator(WindowsProcess& p, const std::vector<std::vector<uint8_t>>& formats);

// The in-process server registry (ole32/activation.cpp): the class object of `clsid` for `iid`, as
// CoGetClassObject finds it.
int32_t get_class_object(WindowsProcess& p, const GuidBytes& clsid, uint32_t context, const GuidBytes& iid,
                         uint64_t& out);

// OLE32's own classes (ole32/marshal.cpp): their class object, as its DllGetClassObject hands
// it out; CLASS_E_CLASSNOTAVAILABLE for another class.
int32_t own_class_object(WindowsProcess& p, const GuidBytes& clsid, const GuidBytes& iid, uint64_t& out);

// Method `slot` of `object` with `args` after the interface pointer: its whole (pointer-sized)
// result, for methods that return a pointer or a SIZE_T.
uint64_t call_method_wide(WindowsProcess& p, uint64_t object, unsigned slot, const std::vector<uint64_t>& args = {});

// IStream methods (after IUnknown's three).
inline constexpr unsigned kStreamRead = 3, kStreamWrite = 4, kStreamSeek = 5, kStreamSetSize = 6, kStreamCopyTo = 7,
                          kStreamCommit = 8, kStreamRevert = 9, kStreamLockRegion = 10, kStreamUnlockRegion = 11,
                          kStreamStat = 12, kStreamClone = 13;

// (stream_read and stream_write: com_object.h, which OLEAUT32 shares)
// Seek(offset, origin): its HRESULT and the new position.
int32_t stream_seek(WindowsProcess& p, uint64_t stream, int64_t offset, uint32_t origin, uint64_t& position);

}  // namespace polyrun::shims::ole32
