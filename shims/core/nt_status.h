// NTSTATUS values (ntstatus.h) that the native API's functions return.
#pragma once

#include <cstdint>

namespace polyrun::shims::nt {

constexpr uint32_t kSuccess = 0, kTimeout = 0x102, kPending = 0x103, kBufferOverflow = 0x80000005,
                   kNoMoreFiles = 0x80000006, kUnsuccessful = 0xc0000001, kInvalidInfoClass = 0xc0000003,
                   kInfoLengthMismatch = 0xc0000004, kInvalidHandle = 0xc0000008, kInvalidParameter = 0xc000000d,
                   kInvalidDeviceRequest = 0xc0000010, kNoMemory = 0xc0000017, kNotSupported = 0xc00000bb,
                   kInvalidParameter1 = 0xc00000ef, kCancelled = 0xc0000120, kPortNotSet = 0xc0000353,
                   kBufferTooSmall = 0xc0000023, kNotFound = 0xc0000225, kInvalidBufferSize = 0xc0000206,
                   kNotImplemented = 0xc0000002, kInvalidSignature = 0xc000a000,
                   kPipeBroken = 0xc000014b, kEndOfFile = 0xc0000011;

}  // namespace polyrun::shims::nt
