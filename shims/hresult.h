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

}  // namespace polyrun::shims
