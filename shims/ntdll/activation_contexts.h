// Activation contexts (ntdll/activation_contexts.cpp): what NTDLL's RtlCreateActivationContext …
// do, which KERNEL32's CreateActCtx, ActivateActCtx, QueryActCtxW … call
// (kernel32/activation_contexts.cpp). Each gives the NTSTATUS.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_activation_contexts {

// ACTCTX's fields, its strings as UTF-8 Windows paths.
struct CreateArgs {
  uint32_t flags = 0;
  bool has_source = false;
  std::string source, directory;
  uint64_t resource = 0, module = 0;
};
// ACTCTXW (`wide`) or ACTCTXA at `actctx` read (STATUS_INVALID_PARAMETER for none, or too small).
uint32_t read_args(WindowsProcess& p, uint64_t actctx, bool wide, CreateArgs* out);
// A new context from the manifest the arguments name; *handle its handle, counted once.
uint32_t create(WindowsProcess& p, const CreateArgs& a, uint64_t* handle);
void add_ref(uint64_t h);
void release(WindowsProcess& p, uint64_t h);
uint32_t zombify(uint64_t h);
// The thread's stack: a context (or none, 0) pushed with its cookie; popped by cookie (flag 1:
// those above it too), STATUS_SXS_EARLY_DEACTIVATION or STATUS_SXS_INVALID_DEACTIVATION for a
// cookie out of order or not there, which the caller raises; emptied; searched.
uint32_t activate(WindowsProcess& p, uint64_t h, uint64_t* cookie);
uint32_t deactivate(WindowsProcess& p, uint32_t flags, uint64_t cookie);
void free_thread_stack(WindowsProcess& p);
bool is_active(WindowsProcess& p, uint64_t h);
// The thread's active context, counted for the caller (0: none).
uint64_t active_context(WindowsProcess& p);
// RtlQueryInformationActivationContext's work (RTL_QUERY_ACTIVATION_CONTEXT_FLAG_* flags): the
// class's data into the buffer, its size into *written (a guest address, 0: none).
uint32_t query(WindowsProcess& p, uint32_t flags, uint64_t h, uint32_t cls, uint64_t buffer, uint64_t size,
               uint64_t written);
// A windowsSettings value (in characters, its NUL counted).
uint32_t query_setting(WindowsProcess& p, uint64_t h, const std::u16string& setting, uint64_t buffer, uint64_t size,
                       uint64_t written);

// FindActCtxSectionString's and FindActCtxSectionGuid's work (RtlFindActivationContextSection*):
// the active context's entry of `name` (or `guid`, a guest address) in the section, into the
// ACTCTX_SECTION_KEYED_DATA at `data`; STATUS_SXS_KEY_NOT_FOUND for none.
uint32_t find_section_string(WindowsProcess& p, uint32_t flags, uint32_t section, const std::u16string& name,
                             uint64_t data);
uint32_t find_section_guid(WindowsProcess& p, uint32_t flags, uint32_t section, uint64_t guid, uint64_t data);

}  // namespace polyrun::shims::ntdll_activation_contexts
