// KERNEL32.dll: its table, made of its files' parts (each file of kernel32/ holds one concern and
// the exports of its functions: std_handles.cpp, console_ctrl.cpp, environment.cpp, strings.cpp,
// thread_storage.cpp, memory.cpp, time.cpp, code_pages.cpp, system_facts.cpp, files.cpp, sync.cpp,
// process.cpp …; kernel32/README.md lists them), and its part of the process's start.
#include <vector>

#include "shims/core/shim.h"
#include "shims/kernel32/console.h"
#include "shims/kernel32/directory_changes.h"
#include "shims/kernel32/exports.h"
#include "shims/kernel32/registry.h"
#include "shims/ntdll/handles.h"
#include "shims/ntdll/jobs.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

#if defined(POLYRUN_NATIVE_X64)
extern "C" char polyrun_kernel32_leaf_begin[], polyrun_kernel32_leaf_end[];            // kernel32/x64_leaf.S
extern "C" char polyrun_kernel32_heap_leaf_begin[], polyrun_kernel32_heap_leaf_end[];  // kernel32/heap_x64_leaf.S
#endif

namespace {

// KERNEL32's part at the process's start: core reaches the console through these, and the
// process's end ends the members of the jobs that close with it; natively, exception dispatch
// steps out of the Win64 leaf functions as out of the program's own leaves.
void kernel32_process_start(WindowsProcess& p) {
  p.console_hooks = {.poll_ctrl = start_ctrl_handlers,
                     .ctrl_changed = update_sigint,
                     .waitable = console_waitable,
                     .write_file = console_write_file,
                     .read_file = console_read_file,
                     .end = console_end};
  ntdll_handles::add_handle_hooks(p, {.closed = console_handle_closed, .duplicated = console_handle_duplicated});
  ntdll_handles::add_handle_hooks(p, {.closed = close_directory_watch});
  p.process_end_hooks.push_back(ntdll_jobs::end_closing_jobs);
#if defined(POLYRUN_NATIVE_X64)
  p.leaf_code.emplace_back(reinterpret_cast<uint64_t>(polyrun_kernel32_leaf_begin),
                           reinterpret_cast<uint64_t>(polyrun_kernel32_leaf_end));
  p.leaf_code.emplace_back(reinterpret_cast<uint64_t>(polyrun_kernel32_heap_leaf_begin),
                           reinterpret_cast<uint64_t>(polyrun_kernel32_heap_leaf_end));
#endif
}

}  // namespace

// Each file of KERNEL32's has its functions' part of the table.
const std::vector<Export>& kernel32_std_handles_exports();
const std::vector<Export>& kernel32_console_ctrl_exports();
const std::vector<Export>& kernel32_environment_exports();
const std::vector<Export>& kernel32_strings_exports();
const std::vector<Export>& kernel32_thread_storage_exports();
const std::vector<Export>& kernel32_memory_exports();
const std::vector<Export>& kernel32_process_policies_exports();
const std::vector<Export>& kernel32_time_exports();
const std::vector<Export>& kernel32_code_pages_exports();
const std::vector<Export>& kernel32_system_facts_exports();
const std::vector<Export>& kernel32_file_exports();
const std::vector<Export>& kernel32_file_info_exports();
const std::vector<Export>& kernel32_volume_exports();
const std::vector<Export>& kernel32_file_operation_exports();
const std::vector<Export>& kernel32_find_file_exports();
const std::vector<Export>& kernel32_path_exports();
const std::vector<Export>& kernel32_message_exports();
const std::vector<Export>& kernel32_runtime_exports();
const std::vector<Export>& kernel32_sync_exports();
const std::vector<Export>& kernel32_locale_exports();
const std::vector<Export>& kernel32_toolhelp_exports();
const std::vector<Export>& kernel32_process_exports();
const std::vector<Export>& kernel32_pipes_exports();
const std::vector<Export>& kernel32_mapping_exports();
const std::vector<Export>& kernel32_async_io_exports();
const std::vector<Export>& kernel32_iocp_exports();
const std::vector<Export>& kernel32_heap_exports();
const std::vector<Export>& kernel32_system_exports();
const std::vector<Export>& kernel32_job_exports();
const std::vector<Export>& kernel32_directory_change_exports();
const std::vector<Export>& kernel32_resource_exports();
const std::vector<Export>& kernel32_pathcch_exports();
const std::vector<Export>& kernel32_psapi_exports();
const std::vector<Export>& kernel32_virtual_exports();
const std::vector<Export>& kernel32_fiber_exports();
const std::vector<Export>& kernel32_number_format_exports();
const std::vector<Export>& kernel32_dos_device_exports();
const std::vector<Export>& kernel32_atom_exports();
const std::vector<Export>& kernel32_profile_exports();
const std::vector<Export>& kernel32_module_exports();
const std::vector<Export>& kernel32_delay_load_exports();
const std::vector<Export>& kernel32_exception_exports();
const std::vector<Export>& kernel32_process_fact_exports();
const std::vector<Export>& kernel32_process_status_exports();
const std::vector<Export>& kernel32_legacy_file_exports();
const std::vector<Export>& kernel32_nls_enum_exports();
const std::vector<Export>& kernel32_file_replace_exports();
const std::vector<Export>& kernel32_update_resource_exports();
const std::vector<Export>& kernel32_console_alias_exports();
const std::vector<Export>& kernel32_console_window_exports();
const std::vector<Export>& kernel32_volume_name_exports();
const std::vector<Export>& kernel32_comm_exports();
const std::vector<Export>& kernel32_tape_exports();
const std::vector<Export>& kernel32_debugging_exports();
const std::vector<Export>& kernel32_ums_exports();
const std::vector<Export>& kernel32_error_reporting_exports();
const std::vector<Export>& kernel32_privileged_exports();
const std::vector<Export>& kernel32_legacy_process_exports();
const std::vector<Export>& kernel32_activation_context_exports();
const std::vector<Export>& kernel32_page_io_exports();
const std::vector<Export>& kernel32_context_xstate_exports();
const std::vector<Export>& kernel32_normalization_exports();
const std::vector<Export>& kernel32_memory_notification_exports();
const std::vector<Export>& kernel32_console_attach_exports();
const std::vector<Export>& kernel32_pseudo_console_exports();
const std::vector<Export>& kernel32_mailslot_exports();
const std::vector<Export>& kernel32_backup_exports();
const std::vector<Export>& kernel32_power_request_exports();
const std::vector<Export>& kernel32_cpu_set_exports();
const std::vector<Export>& kernel32_fold_string_exports();

static std::vector<Export> kernel32_exports() {
  std::vector<Export> own;
  for (const auto* more : {&kernel32_std_handles_exports(), &kernel32_console_ctrl_exports(),
                            &kernel32_environment_exports(), &kernel32_strings_exports(),
                            &kernel32_thread_storage_exports(), &kernel32_memory_exports(), &kernel32_process_policies_exports(), &kernel32_time_exports(),
                            &kernel32_code_pages_exports(), &kernel32_system_facts_exports(),
                            &kernel32_file_exports(), &kernel32_file_info_exports(), &kernel32_volume_exports(),
                            &kernel32_file_operation_exports(), &kernel32_find_file_exports(), &kernel32_path_exports(),
                            &kernel32_message_exports(), &kernel32_runtime_exports(),
                            &kernel32_sync_exports(), &kernel32_locale_exports(),
                            &kernel32_toolhelp_exports(), &kernel32_process_exports(), &kernel32_registry_exports(),
                            &kernel32_module_exports(), &kernel32_mapping_exports(),
                            &kernel32_iocp_exports(), &kernel32_pipes_exports(), &kernel32_async_io_exports(),
                            &kernel32_heap_exports(), &kernel32_system_exports(), &kernel32_job_exports(),
                            &ntdll_kernel32_thread_pool_exports(), &kernel32_directory_change_exports(),
                            &kernel32_resource_exports(), &kernel32_pathcch_exports(), &kernel32_psapi_exports(),
                            &kernel32_virtual_exports(), &kernel32_fiber_exports(),
                            &kernel32_number_format_exports(), &kernel32_dos_device_exports(),
                            &kernel32_console_exports(), &kernel32_delay_load_exports(),
                            &kernel32_atom_exports(), &kernel32_profile_exports(),
                            &kernel32_process_fact_exports(), &kernel32_process_status_exports(),
                            &kernel32_legacy_file_exports(), &kernel32_nls_enum_exports(),
                            &kernel32_file_replace_exports(), &kernel32_update_resource_exports(),
                            &kernel32_console_alias_exports(), &kernel32_console_window_exports(),
                            &kernel32_volume_name_exports(), &kernel32_comm_exports(),
                            &kernel32_tape_exports(), &kernel32_debugging_exports(), &kernel32_ums_exports(),
                            &kernel32_error_reporting_exports(), &kernel32_privileged_exports(),
                            &kernel32_legacy_process_exports(), &kernel32_activation_context_exports(),
                            &kernel32_page_io_exports(), &kernel32_context_xstate_exports(),
                            &kernel32_normalization_exports(),
                            &kernel32_memory_notification_exports(), &kernel32_cpu_set_exports(),
                            &kernel32_power_request_exports(), &kernel32_backup_exports(),
                            &kernel32_mailslot_exports(), &kernel32_console_attach_exports(), &kernel32_pseudo_console_exports(),
                            &kernel32_fold_string_exports()})
    own.insert(own.end(), more->begin(), more->end());
  const auto& exceptions = kernel32_exception_exports();
  own.insert(own.end(), exceptions.begin(), exceptions.end());
  // (Windows' KERNEL32 forwards these to NTDLL; x64's __C_specific_handler among them.)
  for (const auto* ntdll : {&ntdll_frame_handler_exports(), &ntdll_exception_exports(), &ntdll_module_exports()})
    own.insert(own.end(), ntdll->begin(), ntdll->end());
  return own;
}

const Dll kKernel32{
    "kernel32.dll",
    false,
    kernel32_exports(),
    {},
    nullptr,
    kernel32_process_start,
    // What Windows' KERNEL32 forwards to NTDLL under the same name (each exported once NTDLL has it).
    {{"ntdll.dll",
      {"RtlCompareMemory", "RtlCopyMemory", "RtlFillMemory", "RtlMoveMemory", "RtlZeroMemory", "RtlRaiseException",
       "RtlRestoreContext", "__chkstk", "_local_unwind"}},
     // What Windows' KERNEL32 forwards to KernelBase and polyrun serves from ADVAPI32, where a
     // program's tokens and registry are kept: the same functions under either DLL's name.
     {"advapi32.dll",
      {"OpenProcessToken", "OpenThreadToken", "SetThreadToken", "RegGetKeySecurity", "RegSetKeySecurity",
       "RegLoadMUIStringA", "RegLoadMUIStringW", "CreateProcessAsUserA", "CreateProcessAsUserW"}}},
};

}  // namespace polyrun::shims
