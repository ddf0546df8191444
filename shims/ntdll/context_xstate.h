// CONTEXT records with extended processor state (ntdll/context_xstate.cpp): what NTDLL's
// RtlInitializeExtendedContext … do, which KERNEL32's InitializeContext, LocateXStateFeature,
// Get/SetXStateFeaturesMask and CopyContext call (kernel32/context_xstate.cpp). Records of the
// program's width.
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_context_xstate {

// The features the host enables (XCR0; 3, x87 and SSE, without XSAVE).
uint64_t enabled_features();
// The room a record of these flags needs, alignment included (STATUS_INVALID_PARAMETER for flags
// not of this width).
uint32_t context_length(WindowsProcess& p, uint32_t flags, uint64_t compaction, uint32_t* length);
// Lays the record out in `buffer` (room as context_length told); *context the CONTEXT, aligned.
uint32_t initialize_context(WindowsProcess& p, uint64_t buffer, uint32_t flags, uint64_t compaction, uint64_t* context);
// The CONTEXT_EX that follows a record's CONTEXT.
uint64_t context_ex_of(WindowsProcess& p, uint64_t context);
// A feature's registers in the record (0: the x87 state, 1: the XMM registers, 2: the AVX upper
// halves), their length into *length (a guest address, 0: none); 0 where it holds none.
uint64_t locate_feature(WindowsProcess& p, uint64_t context, uint32_t feature, uint64_t length);
// Which features the record holds, read and set; false for a record not of this width (or
// extended features asked of one without CONTEXT_XSTATE).
bool set_features_mask(WindowsProcess& p, uint64_t context, uint64_t mask);
bool get_features_mask(WindowsProcess& p, uint64_t context, uint64_t* mask);
// The parts of `src` that `flags` names into `dst`; the NTSTATUS.
uint32_t copy_context(WindowsProcess& p, uint64_t dst, uint32_t flags, uint64_t src);

}  // namespace polyrun::shims::ntdll_context_xstate
