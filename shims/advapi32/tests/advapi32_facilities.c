/* What a standard user meets of facilities that are absent or need more rights: event tracing
 * sessions (StartTrace, ControlTrace, QueryAllTraces, OpenTrace, ProcessTrace, EnableTrace), the
 * classic provider calls (RegisterTraceGuids, GetTraceLoggerHandle, TraceEvent), WMI blocks, the
 * Encrypting File System, shutting the system down, and the NT-era hashes ADVAPI32 forwards to
 * NTDLL (MD4, MD5, A_SHA over RFC 1320/1321 and FIPS 180 vectors). */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <evntrace.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  ULONG i[2];
  ULONG buf[4];
  unsigned char in[64];
  unsigned char digest[16];
} MD_CTX;
typedef struct {
  ULONG Unknown[6];
  ULONG State[5];
  ULONG Count[2];
  UCHAR Buffer[64];
} SHA_CTX;

static void hex(const char *what, const unsigned char *d, int n) {
  printf("%s: ", what);
  for (int i = 0; i < n; i++) printf("%02x", d[i]);
  printf("\n");
}

static ULONG WINAPI control_callback(WMIDPREQUESTCODE code, PVOID context, ULONG *size, PVOID buffer) { return 0; }

int main(void) {
  HMODULE advapi = GetModuleHandleA("advapi32.dll");
  /* Sessions. */
  BYTE props_buf[sizeof(EVENT_TRACE_PROPERTIES) + 1024];
  EVENT_TRACE_PROPERTIES *props = (EVENT_TRACE_PROPERTIES *)props_buf;
  memset(props_buf, 0, sizeof props_buf);
  props->Wnode.BufferSize = sizeof props_buf;
  props->Wnode.Flags = WNODE_FLAG_TRACED_GUID;
  props->LogFileMode = EVENT_TRACE_REAL_TIME_MODE;
  props->LoggerNameOffset = sizeof(EVENT_TRACE_PROPERTIES);
  TRACEHANDLE session = 0;
  ULONG e = StartTraceA(&session, "polyrun test session", props);
  printf("session: StartTrace: %lu\n", e);
  e = ControlTraceA(0, "polyrun no such session", props, EVENT_TRACE_CONTROL_QUERY);
  printf("ControlTrace(query no such session): %lu\n", e);
  e = StopTraceA(0, "polyrun no such session", props);
  printf("StopTrace(no such session): %lu\n", e);
  e = ControlTraceA(0, "polyrun no such session", NULL, EVENT_TRACE_CONTROL_QUERY);
  printf("ControlTrace(no properties): %lu\n", e);
  EVENT_TRACE_LOGFILEA logfile;
  memset(&logfile, 0, sizeof logfile);
  logfile.LogFileName = "polyrun_no_such_file.etl";
  SetLastError(0);
  TRACEHANDLE h = OpenTraceA(&logfile);
  printf("OpenTrace(missing file): invalid %d error %lu\n", h == INVALID_PROCESSTRACE_HANDLE, GetLastError());
  e = ProcessTrace(&h, 1, NULL, NULL);
  printf("ProcessTrace(invalid handle): %lu\n", e);
  e = CloseTrace(h);
  printf("CloseTrace(invalid handle): %lu\n", e);

  /* The classic provider. */
  GUID control = {0x3a3c5f58, 0x2f07, 0x4a3d, {0x86, 0x2c, 0x4f, 0x1a, 0x3e, 0x5b, 0x6c, 0x7d}};
  GUID event = {0x3a3c5f59, 0x2f07, 0x4a3d, {0x86, 0x2c, 0x4f, 0x1a, 0x3e, 0x5b, 0x6c, 0x7d}};
  TRACE_GUID_REGISTRATION reg = {&event, NULL};
  TRACEHANDLE registration = 0;
  e = RegisterTraceGuidsA(control_callback, NULL, &control, 1, &reg, NULL, NULL, &registration);
  printf("RegisterTraceGuids: %lu handle set %d\n", e, registration != 0);
  SetLastError(0);
  TRACEHANDLE logger = GetTraceLoggerHandle(props_buf);
  printf("GetTraceLoggerHandle: invalid %d error %lu\n", logger == (TRACEHANDLE)(LONG_PTR)-1, GetLastError());
  EVENT_TRACE_HEADER header;
  memset(&header, 0, sizeof header);
  header.Size = sizeof header;
  e = TraceEvent(logger, &header);
  printf("TraceEvent(no session): %lu\n", e);
  e = UnregisterTraceGuids(registration);
  printf("UnregisterTraceGuids: %lu\n", e);

  /* WMI. */
  ULONG(WINAPI * wmi_open_block)(GUID *, ULONG, HANDLE *) = (void *)GetProcAddress(advapi, "WmiOpenBlock");
  HANDLE block = (HANDLE)1;
  e = wmi_open_block(&control, 1, &block);
  printf("WmiOpenBlock: %lu handle %s\n", e, block ? "set" : "NULL");

  /* EFS (a file of this run's own: other runs use the directory at the same time). */
  char efs_file[64];
  snprintf(efs_file, sizeof efs_file, "efs_test_%lu.txt", GetCurrentProcessId());
  HANDLE f = CreateFileA(efs_file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  CloseHandle(f);
  SetLastError(0);
  BOOL r = EncryptFileA(efs_file);
  printf("efs: EncryptFile: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = DecryptFileA(efs_file, 0);
  printf("efs: DecryptFile: %d error %lu\n", r, GetLastError());
  DWORD status = 0xdead;
  r = FileEncryptionStatusA(efs_file, &status);
  printf("FileEncryptionStatus: %d status %lu\n", r, status);
  SetLastError(0);
  r = EncryptFileA("polyrun_no_such_file.txt");
  printf("efs: EncryptFile(missing): %d error %lu\n", r, GetLastError());
  PVOID raw = (PVOID)1;
  e = OpenEncryptedFileRawA(efs_file, 0, &raw);
  printf("efs: OpenEncryptedFileRaw: %lu\n", e);
  DeleteFileA(efs_file);

  /* Shutdown. */
  SetLastError(0);
  r = InitiateSystemShutdownExA(NULL, "test", 30, FALSE, FALSE, 0);
  printf("shutdown: InitiateSystemShutdownEx: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = AbortSystemShutdownA(NULL);
  printf("shutdown: AbortSystemShutdown: %d error %lu\n", r, GetLastError());

  /* The NT hashes. */
  void(WINAPI * md4_init)(MD_CTX *) = (void *)GetProcAddress(advapi, "MD4Init");
  void(WINAPI * md4_update)(MD_CTX *, const void *, unsigned) = (void *)GetProcAddress(advapi, "MD4Update");
  void(WINAPI * md4_final)(MD_CTX *) = (void *)GetProcAddress(advapi, "MD4Final");
  void(WINAPI * md5_init)(MD_CTX *) = (void *)GetProcAddress(advapi, "MD5Init");
  void(WINAPI * md5_update)(MD_CTX *, const void *, unsigned) = (void *)GetProcAddress(advapi, "MD5Update");
  void(WINAPI * md5_final)(MD_CTX *) = (void *)GetProcAddress(advapi, "MD5Final");
  void(WINAPI * sha_init)(SHA_CTX *) = (void *)GetProcAddress(advapi, "A_SHAInit");
  void(WINAPI * sha_update)(SHA_CTX *, const void *, unsigned) = (void *)GetProcAddress(advapi, "A_SHAUpdate");
  void(WINAPI * sha_final)(SHA_CTX *, unsigned char *) = (void *)GetProcAddress(advapi, "A_SHAFinal");
  MD_CTX ctx;
  md4_init(&ctx);
  md4_update(&ctx, "abc", 3);
  md4_final(&ctx);
  hex("MD4(abc)", ctx.digest, 16);
  md5_init(&ctx);
  md5_update(&ctx, "message ", 8);
  md5_update(&ctx, "digest", 6);
  md5_final(&ctx);
  hex("MD5(message digest)", ctx.digest, 16);
  SHA_CTX sha;
  unsigned char out[20];
  sha_init(&sha);
  sha_update(&sha, "abc", 3);
  sha_final(&sha, out);
  hex("A_SHA(abc)", out, 20);
  return 0;
}
