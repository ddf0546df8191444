// NTDLL's Zw* names: each ZwX is NtX, the same function under a second name (from user mode the two
// are one system call). The list is the Zw names of the native API; a name whose Nt function
// polyrun's NTDLL lacks is left out, and the program stops on it as on any function polyrun lacks.
#include <deque>
#include <string>
#include <vector>

#include "shims/core/windows_process.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

// The names after "Zw" (and after "Nt").
constexpr const char* kZwNames[] = {
    "AcceptConnectPort", "AccessCheck", "AccessCheckAndAuditAlarm", "AddAtom", "AdjustGroupsToken",
    "AdjustPrivilegesToken", "AlertResumeThread", "AlertThread", "AlertThreadByThreadId",
    "AllocateLocallyUniqueId", "AllocateUuids", "AllocateVirtualMemory", "AllocateVirtualMemoryEx",
    "AreMappedFilesTheSame", "AssignProcessToJobObject", "CancelIoFile", "CancelIoFileEx",
    "CancelSynchronousIoFile", "CancelTimer", "ClearEvent", "Close", "CompareObjects", "CompleteConnectPort",
    "ConnectPort", "Continue", "CreateDirectoryObject", "CreateEvent", "CreateFile", "CreateIoCompletion",
    "CreateJobObject", "CreateKey", "CreateKeyTransacted", "CreateKeyedEvent", "CreateLowBoxToken",
    "CreateMailslotFile", "CreateMutant", "CreateNamedPipeFile", "CreatePagingFile", "CreatePort",
    "CreateSection", "CreateSemaphore", "CreateSymbolicLinkObject", "CreateThread", "CreateThreadEx",
    "CreateTimer", "CreateUserProcess", "DebugActiveProcess", "DebugContinue", "DelayExecution", "DeleteAtom",
    "DeleteFile", "DeleteKey", "DeleteValueKey", "DeviceIoControlFile", "DisplayString", "DuplicateObject",
    "DuplicateToken", "EnumerateKey", "EnumerateValueKey", "FilterToken", "FindAtom", "FlushBuffersFile", "FlushBuffersFileEx",
    "FlushInstructionCache", "FlushKey", "FlushProcessWriteBuffers", "FlushVirtualMemory",
    "FreeVirtualMemory", "FsControlFile", "GetContextThread", "GetCurrentProcessorNumber", "GetNlsSectionPtr",
    "GetTickCount", "GetWriteWatch", "ImpersonateAnonymousToken", "InitializeNlsFiles", "InitiatePowerAction",
    "IsProcessInJob", "ListenPort", "LoadDriver", "LoadKey", "LoadKey2", "LockFile", "LockVirtualMemory",
    "MakeTemporaryObject", "MapViewOfSection", "MapViewOfSectionEx", "NotifyChangeDirectoryFile",
    "NotifyChangeKey", "NotifyChangeMultipleKeys", "OpenDirectoryObject", "OpenEvent", "OpenFile",
    "OpenIoCompletion", "OpenJobObject", "OpenKey", "OpenKeyEx", "OpenKeyTransacted", "OpenKeyTransactedEx",
    "OpenKeyedEvent", "OpenMutant", "OpenProcess", "OpenProcessToken", "OpenProcessTokenEx", "OpenSection", "OpenSymbolicLinkObject",
    "OpenSemaphore", "OpenThread", "OpenThreadToken", "OpenThreadTokenEx", "OpenTimer", "PowerInformation",
    "PrivilegeCheck", "ProtectVirtualMemory", "PulseEvent", "QueryAttributesFile", "QueryDefaultLocale",
    "QueryDefaultUILanguage", "QueryDirectoryFile", "QueryDirectoryObject", "QueryEaFile", "QueryEvent",
    "QueryFullAttributesFile", "QueryInformationAtom", "QueryInformationFile", "QueryInformationJobObject",
    "QueryInformationProcess", "QueryInformationThread", "QueryInformationToken", "QueryInstallUILanguage",
    "QueryIoCompletion", "QueryKey", "QueryLicenseValue", "QueryMultipleValueKey", "QueryMutant",
    "QueryObject", "QueryPerformanceCounter", "QuerySection", "QuerySecurityObject", "QuerySemaphore",
    "QuerySymbolicLinkObject", "QuerySystemEnvironmentValue", "QuerySystemEnvironmentValueEx",
    "QuerySystemInformation", "QuerySystemInformationEx", "QuerySystemTime", "QueryTimer",
    "QueryTimerResolution", "QueryValueKey", "QueryVirtualMemory", "QueryVolumeInformationFile",
    "QueueApcThread", "RaiseException", "RaiseHardError", "ReadFile", "ReadFileScatter", "ReadVirtualMemory",
    "RegisterThreadTerminatePort", "ReleaseKeyedEvent", "ReleaseMutant", "ReleaseSemaphore",
    "RemoveIoCompletion", "RemoveIoCompletionEx", "RemoveProcessDebug", "RenameKey", "ReplaceKey",
    "ReplyWaitReceivePort", "RequestWaitReplyPort", "ResetEvent", "ResetWriteWatch", "RestoreKey",
    "ResumeProcess", "ResumeThread", "SaveKey", "SecureConnectPort", "SetContextThread",
    "SetDebugFilterState", "SetDefaultLocale", "SetDefaultUILanguage", "SetEaFile", "SetEvent",
    "SetInformationDebugObject", "SetInformationFile", "SetInformationJobObject", "SetInformationKey",
    "SetInformationObject", "SetInformationProcess", "SetInformationThread", "SetInformationToken",
    "SetInformationVirtualMemory", "SetIntervalProfile", "SetIoCompletion", "SetLdtEntries",
    "SetSecurityObject", "SetSystemInformation", "SetSystemTime", "SetThreadExecutionState", "SetTimer",
    "SetTimerResolution", "SetValueKey", "SetVolumeInformationFile", "ShutdownSystem",
    "SignalAndWaitForSingleObject", "SuspendProcess", "SuspendThread", "SystemDebugControl",
    "TerminateJobObject", "TerminateProcess", "TerminateThread", "TestAlert", "TraceControl", "UnloadDriver",
    "UnloadKey", "UnlockFile", "UnlockVirtualMemory", "UnmapViewOfSection", "UnmapViewOfSectionEx",
    "WaitForAlertByThreadId", "WaitForDebugEvent", "WaitForKeyedEvent", "WaitForMultipleObjects",
    "WaitForSingleObject", "Wow64AllocateVirtualMemory64", "Wow64GetNativeSystemInformation",
    "Wow64ReadVirtualMemory64", "Wow64WriteVirtualMemory64", "WriteFile", "WriteFileGather",
    "WriteVirtualMemory", "YieldExecution",
};

}  // namespace

std::vector<Export> ntdll_zw_aliases(const std::vector<Export>& exports) {
  static std::deque<std::string> names;  // the aliases' names, as long-lived as the table
  std::vector<Export> aliases;
  for (const char* n : kZwNames) {
    const std::string nt = std::string("Nt") + n, zw = std::string("Zw") + n;
    bool listed = false;  // (a file that exports the Zw name itself)
    for (const Export& e : exports) listed = listed || zw == e.name;
    if (listed) continue;
    for (const Export& e : exports) {
      if (nt != e.name) continue;
      names.push_back(zw);
      aliases.push_back(e);
      break;
    }
  }
  for (size_t i = 0; i < aliases.size(); ++i) aliases[i].name = names[i].c_str();
  return aliases;
}

}  // namespace polyrun::shims
