// KERNELBASE.dll: since Windows 7 the DLL under KERNEL32, ADVAPI32, SHLWAPI and parts of USER32 and
// VERSION, which those forward many of their exports to. polyrun implements those functions in the
// DLLs programs have always imported them from, so KERNELBASE here is a table that leads to them:
// KERNEL32's functions (Dll::base_dll: every name KERNEL32 serves), and by name the functions
// KernelBase exports that polyrun serves from another DLL (Dll::forwards), each found there on its
// first use. A name the DLL it leads to lacks is not exported. The lists are the names Windows'
// KernelBase exports that are not KERNEL32's, grouped by the DLL of polyrun's that implements them.
#include "shims/kernelbase/exports.h"

namespace polyrun::shims {

const Dll kKernelbase{
    .name = "kernelbase.dll",
    .crt = false,
    .exports = {},
    .forwards = {
    // security (SIDs, ACLs, security descriptors, tokens, access checks), event tracing and the registry functions ADVAPI32 serves (120).
    {"advapi32.dll",
     {
      "AccessCheck", "AccessCheckAndAuditAlarmW", "AccessCheckByType", "AddAccessAllowedAce",
      "AddAccessAllowedAceEx", "AddAccessAllowedObjectAce", "AddAccessDeniedAce",
      "AddAccessDeniedAceEx", "AddAccessDeniedObjectAce", "AddAce", "AddAuditAccessAce",
      "AddAuditAccessAceEx", "AddAuditAccessObjectAce", "AddMandatoryAce", "AdjustTokenGroups",
      "AdjustTokenPrivileges", "AllocateAndInitializeSid", "AllocateLocallyUniqueId",
      "AreAllAccessesGranted", "AreAnyAccessesGranted", "CheckTokenMembership",
      "ConvertToAutoInheritPrivateObjectSecurity", "CopySid", "CreatePrivateObjectSecurity",
      "CreatePrivateObjectSecurityEx", "CreatePrivateObjectSecurityWithMultipleInheritance",
      "CreateRestrictedToken", "CreateWellKnownSid", "DeleteAce", "DestroyPrivateObjectSecurity",
      "DuplicateToken", "DuplicateTokenEx", "EnumDynamicTimeZoneInformation", "EqualDomainSid",
      "EqualPrefixSid", "EqualSid", "EventActivityIdControl", "EventEnabled", "EventProviderEnabled",
      "EventRegister", "EventSetInformation", "EventUnregister", "EventWrite", "EventWriteString",
      "EventWriteTransfer", "FindFirstFreeAce", "FreeSid", "GetAce", "GetAclInformation",
      "GetFileSecurityW", "GetKernelObjectSecurity", "GetLengthSid", "GetPrivateObjectSecurity",
      "GetSecurityDescriptorControl", "GetSecurityDescriptorDacl", "GetSecurityDescriptorGroup",
      "GetSecurityDescriptorLength", "GetSecurityDescriptorOwner", "GetSecurityDescriptorSacl",
      "GetSidIdentifierAuthority", "GetSidLengthRequired", "GetSidSubAuthority",
      "GetSidSubAuthorityCount", "GetTokenInformation", "GetTraceEnableFlags", "GetTraceEnableLevel",
      "GetTraceLoggerHandle", "GetWindowsAccountDomainSid", "ImpersonateAnonymousToken",
      "ImpersonateLoggedOnUser", "ImpersonateNamedPipeClient", "ImpersonateSelf", "InitializeAcl",
      "InitializeSecurityDescriptor", "InitializeSid", "IsTokenRestricted", "IsValidAcl",
      "IsValidSecurityDescriptor", "IsValidSid", "IsWellKnownSid", "MakeAbsoluteSD",
      "MakeSelfRelativeSD", "MapGenericMask", "ObjectCloseAuditAlarmW", "ObjectDeleteAuditAlarmW",
      "ObjectOpenAuditAlarmW", "ObjectPrivilegeAuditAlarmW", "PerfCreateInstance", "PerfDeleteInstance",
      "PerfSetCounterRefValue", "PerfSetCounterSetInfo", "PerfStartProvider", "PerfStartProviderEx",
      "PerfStopProvider", "PrivilegeCheck", "PrivilegedServiceAuditAlarmW", "RegCopyTreeW",
      "RegDeleteKeyValueA", "RegDeleteKeyValueW", "RegLoadAppKeyA", "RegLoadAppKeyW", "RegSetKeyValueA",
      "RegSetKeyValueW", "RegisterTraceGuidsW", "RevertToSelf", "SetAclInformation", "SetFileSecurityW",
      "SetKernelObjectSecurity", "SetPrivateObjectSecurity", "SetPrivateObjectSecurityEx",
      "SetSecurityDescriptorControl", "SetSecurityDescriptorDacl", "SetSecurityDescriptorGroup",
      "SetSecurityDescriptorOwner", "SetSecurityDescriptorSacl", "SetTokenInformation", "TraceEvent",
      "TraceMessage", "TraceMessageVa", "UnregisterTraceGuids"}},
    // the path, string, URL and user-specific registry (SHReg*) functions of shlwapi.h (201).
    {"shlwapi.dll",
     {
      "ChrCmpIA", "ChrCmpIW", "GetAcceptLanguagesA", "GetAcceptLanguagesW", "HashData", "IsCharSpaceA",
      "IsCharSpaceW", "IsInternetESCEnabled", "ParseURLA", "ParseURLW", "PathAddBackslashA",
      "PathAddBackslashW", "PathAddExtensionA", "PathAddExtensionW", "PathAppendA", "PathAppendW",
      "PathCanonicalizeA", "PathCanonicalizeW", "PathCombineA", "PathCombineW", "PathCommonPrefixA",
      "PathCommonPrefixW", "PathCreateFromUrlA", "PathCreateFromUrlAlloc", "PathCreateFromUrlW",
      "PathFileExistsA", "PathFileExistsW", "PathFindExtensionA", "PathFindExtensionW",
      "PathFindFileNameA", "PathFindFileNameW", "PathFindNextComponentA", "PathFindNextComponentW",
      "PathGetArgsA", "PathGetArgsW", "PathGetCharTypeA", "PathGetCharTypeW", "PathGetDriveNumberA",
      "PathGetDriveNumberW", "PathIsFileSpecA", "PathIsFileSpecW", "PathIsLFNFileSpecA",
      "PathIsLFNFileSpecW", "PathIsPrefixA", "PathIsPrefixW", "PathIsRelativeA", "PathIsRelativeW",
      "PathIsRootA", "PathIsRootW", "PathIsSameRootA", "PathIsSameRootW", "PathIsUNCA",
      "PathIsUNCServerA", "PathIsUNCServerShareA", "PathIsUNCServerShareW", "PathIsUNCServerW",
      "PathIsUNCW", "PathIsURLA", "PathIsURLW", "PathMatchSpecA", "PathMatchSpecExA",
      "PathMatchSpecExW", "PathMatchSpecW", "PathParseIconLocationA", "PathParseIconLocationW",
      "PathQuoteSpacesA", "PathQuoteSpacesW", "PathRelativePathToA", "PathRelativePathToW",
      "PathRemoveBackslashA", "PathRemoveBackslashW", "PathRemoveBlanksA", "PathRemoveBlanksW",
      "PathRemoveExtensionA", "PathRemoveExtensionW", "PathRemoveFileSpecA", "PathRemoveFileSpecW",
      "PathRenameExtensionA", "PathRenameExtensionW", "PathSearchAndQualifyA", "PathSearchAndQualifyW",
      "PathSkipRootA", "PathSkipRootW", "PathStripPathA", "PathStripPathW", "PathStripToRootA",
      "PathStripToRootW", "PathUnExpandEnvStringsA", "PathUnExpandEnvStringsW", "PathUnquoteSpacesA",
      "PathUnquoteSpacesW", "QISearch", "SHLoadIndirectString", "SHRegCloseUSKey", "SHRegCreateUSKeyA",
      "SHRegCreateUSKeyW", "SHRegDeleteEmptyUSKeyA", "SHRegDeleteEmptyUSKeyW", "SHRegDeleteUSValueA",
      "SHRegDeleteUSValueW", "SHRegEnumUSKeyA", "SHRegEnumUSKeyW", "SHRegEnumUSValueA",
      "SHRegEnumUSValueW", "SHRegGetBoolUSValueA", "SHRegGetBoolUSValueW", "SHRegGetUSValueA",
      "SHRegGetUSValueW", "SHRegOpenUSKeyA", "SHRegOpenUSKeyW", "SHRegQueryInfoUSKeyA",
      "SHRegQueryInfoUSKeyW", "SHRegQueryUSValueA", "SHRegQueryUSValueW", "SHRegSetUSValueA",
      "SHRegSetUSValueW", "SHRegWriteUSValueA", "SHRegWriteUSValueW", "StrCSpnA", "StrCSpnIA",
      "StrCSpnIW", "StrCSpnW", "StrCatBuffA", "StrCatBuffW", "StrCatChainW", "StrChrA", "StrChrIA",
      "StrChrIW", "StrChrNW", "StrChrW", "StrCmpCA", "StrCmpCW", "StrCmpICA", "StrCmpICW", "StrCmpIW",
      "StrCmpLogicalW", "StrCmpNA", "StrCmpNCA", "StrCmpNCW", "StrCmpNIA", "StrCmpNICA", "StrCmpNICW",
      "StrCmpNIW", "StrCmpNW", "StrCmpW", "StrCpyNW", "StrDupA", "StrDupW", "StrIsIntlEqualA",
      "StrIsIntlEqualW", "StrPBrkA", "StrPBrkW", "StrRChrA", "StrRChrIA", "StrRChrIW", "StrRChrW",
      "StrRStrIA", "StrRStrIW", "StrSpnA", "StrSpnW", "StrStrA", "StrStrIA", "StrStrIW", "StrStrNIW",
      "StrStrNW", "StrStrW", "StrToInt64ExA", "StrToInt64ExW", "StrToIntA", "StrToIntExA",
      "StrToIntExW", "StrToIntW", "StrTrimA", "StrTrimW", "UrlApplySchemeA", "UrlApplySchemeW",
      "UrlCanonicalizeA", "UrlCanonicalizeW", "UrlCombineA", "UrlCombineW", "UrlCompareA",
      "UrlCompareW", "UrlCreateFromPathA", "UrlCreateFromPathW", "UrlEscapeA", "UrlEscapeW",
      "UrlFixupW", "UrlGetLocationA", "UrlGetLocationW", "UrlGetPartA", "UrlGetPartW", "UrlHashA",
      "UrlHashW", "UrlIsA", "UrlIsNoHistoryA", "UrlIsNoHistoryW", "UrlIsOpaqueA", "UrlIsOpaqueW",
      "UrlIsW", "UrlUnescapeA", "UrlUnescapeW"}},
    // the character classes and case mappings of winuser.h (CharUpper, IsCharAlpha …) and LoadString (24).
    {"user32.dll",
     {
      "CharLowerA", "CharLowerBuffA", "CharLowerBuffW", "CharLowerW", "CharNextA", "CharNextExA",
      "CharNextW", "CharPrevA", "CharPrevExA", "CharPrevW", "CharUpperA", "CharUpperBuffA",
      "CharUpperBuffW", "CharUpperW", "IsCharAlphaA", "IsCharAlphaNumericA", "IsCharAlphaNumericW",
      "IsCharAlphaW", "IsCharLowerA", "IsCharLowerW", "IsCharUpperA", "IsCharUpperW", "LoadStringA",
      "LoadStringW"}},
    // the version-resource functions of winver.h (12).
    {"version.dll",
     {
      "GetFileVersionInfoA", "GetFileVersionInfoExA", "GetFileVersionInfoExW",
      "GetFileVersionInfoSizeA", "GetFileVersionInfoSizeExA", "GetFileVersionInfoSizeExW",
      "GetFileVersionInfoSizeW", "GetFileVersionInfoW", "VerFindFileA", "VerFindFileW",
      "VerQueryValueA", "VerQueryValueW"}},
    // the process-status functions of psapi.h by their old names (27).
    {"psapi.dll",
     {
      "EmptyWorkingSet", "EnumDeviceDrivers", "EnumPageFilesA", "EnumPageFilesW", "EnumProcessModules",
      "EnumProcessModulesEx", "EnumProcesses", "GetDeviceDriverBaseNameA", "GetDeviceDriverBaseNameW",
      "GetDeviceDriverFileNameA", "GetDeviceDriverFileNameW", "GetMappedFileNameA",
      "GetMappedFileNameW", "GetModuleBaseNameA", "GetModuleBaseNameW", "GetModuleFileNameExA",
      "GetModuleFileNameExW", "GetModuleInformation", "GetPerformanceInfo", "GetProcessImageFileNameA",
      "GetProcessImageFileNameW", "GetProcessMemoryInfo", "GetWsChanges", "GetWsChangesEx",
      "InitializeProcessForWsWatch", "QueryWorkingSet", "QueryWorkingSetEx"}},
    },
    .base_dll = "kernel32.dll",
};

}  // namespace polyrun::shims
