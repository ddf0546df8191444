/* Reading this user's event log back: events ReportEvent wrote (found again by a marker string of
 * this run, read backwards and from their record number), the count and the oldest record,
 * GetEventLogInformation, a backup and its reading, what a standard user may not do (clear the log,
 * open the Security log). The log keeps what earlier runs and other programs wrote, so counts are
 * printed as comparisons and this run's events are told apart by their marker (not printed). */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <stdio.h>
#include <string.h>

static WCHAR marker[64];

// This run's event: its last string is the marker.
static int ours(const EVENTLOGRECORD *r) {
  const WCHAR *s = (const WCHAR *)((const BYTE *)r + r->StringOffset);
  for (int i = 0; i + 1 < r->NumStrings; i++) s += wcslen(s) + 1;
  return r->NumStrings && !wcscmp(s, marker);
}

static void show(const EVENTLOGRECORD *r) {
  const WCHAR *source = (const WCHAR *)(r + 1);
  const WCHAR *s = (const WCHAR *)((const BYTE *)r + r->StringOffset);
  printf("  event %lu type %u category %u source %ls strings %u:", r->EventID & 0xffff, r->EventType, r->EventCategory,
         source, r->NumStrings);
  for (int i = 0; i + 1 < r->NumStrings; i++) {
    printf(" \"%ls\"", s);
    s += wcslen(s) + 1;
  }
  printf(" data %lu\n", r->DataLength);
}

int main(void) {
  swprintf(marker, 64, L"run %lu-%lu", GetCurrentProcessId(), GetTickCount());
  HANDLE log = OpenEventLogW(NULL, L"Application");
  printf("OpenEventLog: %s\n", log ? "a handle" : "NULL");
  DWORD before = 0, after = 0, oldest = 0;
  BOOL r = GetNumberOfEventLogRecords(log, &before);
  printf("GetNumberOfEventLogRecords: %d\n", r);
  HANDLE source = RegisterEventSourceW(NULL, L"EventLogTest");
  const WCHAR *first[] = {L"first string", L"second", marker};
  const WCHAR *second[] = {L"second", marker};
  ReportEventW(source, EVENTLOG_WARNING_TYPE, 3, 1001, NULL, 3, 4, first, (void *)"data");
  ReportEventW(source, EVENTLOG_INFORMATION_TYPE, 0, 1002, NULL, 2, 0, second, NULL);
  DeregisterEventSource(source);
  GetNumberOfEventLogRecords(log, &after);
  printf("records added: at least 2 %d\n", after >= before + 2 || after >= 20000);
  r = GetOldestEventLogRecord(log, &oldest);
  printf("GetOldestEventLogRecord: %d\n", r);

  static BYTE buf[65536];
  DWORD read = 0, needed = 0;
  SetLastError(0);
  r = ReadEventLogW(log, EVENTLOG_SEQUENTIAL_READ | EVENTLOG_BACKWARDS_READ, 0, buf, 8, &read, &needed);
  printf("ReadEventLog(8 bytes): %d error %lu needed>0 %d\n", r, GetLastError(), needed > 0);
  /* This run's events, the newest first. */
  DWORD numbers[2] = {0, 0};
  int found = 0;
  while (found < 2 && ReadEventLogW(log, EVENTLOG_SEQUENTIAL_READ | EVENTLOG_BACKWARDS_READ, 0, buf, sizeof buf, &read, &needed)) {
    for (DWORD at = 0; at < read && found < 2; at += ((EVENTLOGRECORD *)(buf + at))->Length) {
      EVENTLOGRECORD *rec = (EVENTLOGRECORD *)(buf + at);
      if (!ours(rec)) continue;
      if (!found) {
        printf("ReadEventLog(backwards), this run's newest:\n");
        show(rec);
      }
      numbers[found++] = rec->RecordNumber;
    }
  }
  printf("found this run's two: %d\n", found == 2);
  r = ReadEventLogW(log, EVENTLOG_SEEK_READ | EVENTLOG_FORWARDS_READ, numbers[1], buf, sizeof buf, &read, &needed);
  printf("ReadEventLog(seek to this run's first):\n");
  for (DWORD at = 0; r && at < read; at += ((EVENTLOGRECORD *)(buf + at))->Length)
    if (ours((EVENTLOGRECORD *)(buf + at))) show((EVENTLOGRECORD *)(buf + at));
  SetLastError(0);
  r = ReadEventLogW(log, EVENTLOG_SEQUENTIAL_READ, 0, buf, sizeof buf, &read, &needed);
  printf("ReadEventLog(no direction): %d error %lu\n", r, GetLastError());
  static char ansi[65536];
  r = ReadEventLogA(log, EVENTLOG_SEEK_READ | EVENTLOG_FORWARDS_READ, numbers[0], ansi, sizeof ansi, &read, &needed);
  printf("ReadEventLogA: %d source %s\n", r, r ? (char *)(ansi + sizeof(EVENTLOGRECORD)) : "-");

  EVENTLOG_FULL_INFORMATION full;
  r = GetEventLogInformation(log, EVENTLOG_FULL_INFO, &full, sizeof full, &needed);
  printf("GetEventLogInformation: %d full %lu\n", r, full.dwFull);

  char backup[MAX_PATH];
  snprintf(backup, sizeof backup, "eventlog_backup_%lu.evt", GetCurrentProcessId());
  DeleteFileA(backup);
  r = BackupEventLogA(log, backup);
  printf("BackupEventLog: %d\n", r);
  HANDLE back = OpenBackupEventLogA(NULL, backup);
  DWORD count = 0;
  GetNumberOfEventLogRecords(back, &count);
  printf("OpenBackupEventLog: %s holds this run's %d\n", back ? "a handle" : "NULL", count >= 2);
  CloseEventLog(back);
  DeleteFileA(backup);

  SetLastError(0);
  r = ClearEventLogA(log, NULL);
  printf("ClearEventLog: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  HANDLE security = OpenEventLogA(NULL, "Security");
  printf("OpenEventLog(Security): %s error %lu\n", security ? "a handle" : "NULL", GetLastError());
  r = CloseEventLog(log);
  printf("CloseEventLog: %d\n", r);
  return 0;
}
