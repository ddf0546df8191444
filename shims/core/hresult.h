// HRESULTs (winerror.h): the COM-style results many newer APIs return, and HRESULT_FROM_WIN32.
#pragma once

#include <cstdint>

namespace polyrun::shims {

using HRESULT = int32_t;

inline constexpr HRESULT hresult_from_win32(uint32_t error) {
  return static_cast<HRESULT>(error == 0 ? 0 : (error & 0xffff) | 0x80070000u);
}

inline constexpr HRESULT S_OK = 0, S_FALSE = 1;
inline constexpr HRESULT E_OUTOFMEMORY = static_cast<HRESULT>(0x8007000e),
                         E_INVALIDARG = static_cast<HRESULT>(0x80070057),
                         E_HANDLE = static_cast<HRESULT>(0x80070006),
                         E_NOTIMPL = static_cast<HRESULT>(0x80004001),
                         E_NOINTERFACE = static_cast<HRESULT>(0x80004002),
                         E_POINTER = static_cast<HRESULT>(0x80004003),
                         E_FAIL = static_cast<HRESULT>(0x80004005);
// strsafe.h's: HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER).
inline constexpr HRESULT STRSAFE_E_INSUFFICIENT_BUFFER = static_cast<HRESULT>(0x8007007a);

// The cryptographic providers' errors (NTE_*): CryptoAPI sets them as the last error, NCRYPT
// returns them as its SECURITY_STATUS.
inline constexpr HRESULT NTE_BAD_UID = static_cast<HRESULT>(0x80090001), NTE_BAD_HASH = static_cast<HRESULT>(0x80090002),
                         NTE_BAD_KEY = static_cast<HRESULT>(0x80090003), NTE_BAD_LEN = static_cast<HRESULT>(0x80090004),
                         NTE_BAD_DATA = static_cast<HRESULT>(0x80090005), NTE_BAD_SIGNATURE = static_cast<HRESULT>(0x80090006),
                         NTE_BAD_ALGID = static_cast<HRESULT>(0x80090008), NTE_BAD_FLAGS = static_cast<HRESULT>(0x80090009),
                         NTE_BAD_TYPE = static_cast<HRESULT>(0x8009000a), NTE_BAD_KEY_STATE = static_cast<HRESULT>(0x8009000b),
                         NTE_BAD_HASH_STATE = static_cast<HRESULT>(0x8009000c), NTE_NO_KEY = static_cast<HRESULT>(0x8009000d),
                         NTE_NO_MEMORY = static_cast<HRESULT>(0x8009000e), NTE_EXISTS = static_cast<HRESULT>(0x8009000f),
                         NTE_BAD_PROVIDER = static_cast<HRESULT>(0x80090013), NTE_BAD_PROV_TYPE = static_cast<HRESULT>(0x80090014),
                         NTE_BAD_PUBLIC_KEY = static_cast<HRESULT>(0x80090015), NTE_BAD_KEYSET = static_cast<HRESULT>(0x80090016),
                         NTE_PROV_TYPE_NOT_DEF = static_cast<HRESULT>(0x80090017), NTE_KEYSET_NOT_DEF = static_cast<HRESULT>(0x80090019),
                         NTE_PROV_TYPE_NO_MATCH = static_cast<HRESULT>(0x8009001b), NTE_BAD_KEYSET_PARAM = static_cast<HRESULT>(0x8009001f),
                         NTE_FAIL = static_cast<HRESULT>(0x80090020), NTE_INVALID_HANDLE = static_cast<HRESULT>(0x80090026),
                         NTE_INVALID_PARAMETER = static_cast<HRESULT>(0x80090027), NTE_BUFFER_TOO_SMALL = static_cast<HRESULT>(0x80090028),
                         NTE_NOT_SUPPORTED = static_cast<HRESULT>(0x80090029), NTE_NO_MORE_ITEMS = static_cast<HRESULT>(0x8009002a),
                         NTE_DEVICE_NOT_FOUND = static_cast<HRESULT>(0x80090035);

}  // namespace polyrun::shims
