/* BuildCommDCB and BuildCommDCBAndTimeouts (the MODE command's device definitions), the comm
 * functions on a handle that is no comm device, the tape functions (no tape drive), the debugging
 * functions of a process that debugs nothing, CheckRemoteDebuggerPresent, user-mode scheduling
 * (gone in Windows 11), and what a process registers for error reporting and restarts. */
#include <windows.h>

#include <stdio.h>
#include <string.h>

typedef HRESULT(WINAPI* WerRegisterFile_t)(PCWSTR, int, DWORD);
typedef HRESULT(WINAPI* WerUnregisterFile_t)(PCWSTR);
typedef HRESULT(WINAPI* WerRegisterMemoryBlock_t)(PVOID, DWORD);
typedef HRESULT(WINAPI* WerUnregisterMemoryBlock_t)(PVOID);

static FARPROC k32(const char* name) { return GetProcAddress(GetModuleHandleA("kernel32.dll"), name); }

static void build(const char* def) {
  DCB dcb;
  COMMTIMEOUTS to;
  memset(&dcb, 0xcc, sizeof dcb);
  dcb.DCBlength = sizeof dcb;
  memset(&to, 0xcc, sizeof to);
  SetLastError(0);
  BOOL r = BuildCommDCBAndTimeoutsA(def, &dcb, &to);
  DWORD err = GetLastError();
  DWORD bits;
  memcpy(&bits, (char*)&dcb + 8, 4);
  printf("[%s] %d err %lu baud %lu bits %08lx size %u parity %u stop %u timeouts %lx %lx %lx %lx %lx\n", def, r, err,
         dcb.BaudRate, bits, dcb.ByteSize, dcb.Parity, dcb.StopBits, to.ReadIntervalTimeout, to.ReadTotalTimeoutMultiplier,
         to.ReadTotalTimeoutConstant, to.WriteTotalTimeoutMultiplier, to.WriteTotalTimeoutConstant);
}

int main(void) {
  build("COM1:9600,n,8,1");
  build("com2: 19200,o,7,1.5,x");
  build("96,N,8,1");
  build("1200,e,7,2,p");
  build("baud=1200 parity=e data=7 stop=2");
  build("baud=110");
  build("baud=9600 to=on");
  build("baud=9600 to=off xon=on");
  build("bad");
  build("9600,q,8,1");
  DCB w;
  memset(&w, 0, sizeof w);
  w.DCBlength = sizeof w;
  BOOL built = BuildCommDCBW(L"COM3:2400,s,6,1", &w);
  printf("BuildCommDCBW %d baud %lu parity %u size %u\n", built, w.BaudRate, w.Parity, w.ByteSize);

  char path[MAX_PATH];
  GetTempPathA(sizeof path, path);
  strcat(path, "k32_comm_tape.tmp");
  HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
  DWORD a = 0, b = 0, c = 0;
  printf("EraseTape %lu\n", EraseTape(f, TAPE_ERASE_SHORT, FALSE));
  printf("GetTapeStatus %lu\n", GetTapeStatus(f));
  printf("GetTapePosition %lu\n", GetTapePosition(f, TAPE_ABSOLUTE_POSITION, &a, &b, &c));
  printf("PrepareTape %lu\n", PrepareTape(f, TAPE_LOAD, FALSE));
  printf("WriteTapemark %lu\n", WriteTapemark(f, TAPE_FILEMARKS, 1, FALSE));
  printf("SetTapePosition %lu\n", SetTapePosition(f, TAPE_REWIND, 0, 0, 0, FALSE));
  printf("GetTapeStatus(NULL) %lu\n", GetTapeStatus(NULL));

  SetLastError(0);
  BOOL r = DebugActiveProcess(GetCurrentProcessId());
  printf("DebugActiveProcess(self) %d err %lu\n", r, GetLastError());
  BOOL present = 7;
  r = CheckRemoteDebuggerPresent(GetCurrentProcess(), &present);
  printf("CheckRemoteDebuggerPresent %d present %d\n", r, present);
  SetLastError(0);
  r = CheckRemoteDebuggerPresent(GetCurrentProcess(), NULL);
  printf("CheckRemoteDebuggerPresent(NULL) %d err %lu\n", r, GetLastError());

  WerRegisterFile_t reg_file = (WerRegisterFile_t)k32("WerRegisterFile");
  WerUnregisterFile_t unreg_file = (WerUnregisterFile_t)k32("WerUnregisterFile");
  WerRegisterMemoryBlock_t reg_block = (WerRegisterMemoryBlock_t)k32("WerRegisterMemoryBlock");
  WerUnregisterMemoryBlock_t unreg_block = (WerUnregisterMemoryBlock_t)k32("WerUnregisterMemoryBlock");
  static char block[256];
  printf("WerRegisterFile %lx\n", (unsigned long)reg_file(L"C:\\log.txt", 2, 0));
  printf("WerUnregisterFile %lx\n", (unsigned long)unreg_file(L"C:\\log.txt"));
  printf("WerUnregisterFile again %lx\n", (unsigned long)unreg_file(L"C:\\log.txt"));
  printf("WerRegisterMemoryBlock %lx\n", (unsigned long)reg_block(block, sizeof block));
  printf("WerUnregisterMemoryBlock %lx\n", (unsigned long)unreg_block(block));
  printf("RegisterApplicationRestart %lx\n", (unsigned long)RegisterApplicationRestart(L"/restarted", RESTART_NO_PATCH));
  WCHAR cmd[64];
  DWORD size = 64, flags = 0;
  HRESULT hr = GetApplicationRestartSettings(GetCurrentProcess(), cmd, &size, &flags);
  printf("GetApplicationRestartSettings %lx size %lu flags %lu [%ls]\n", (unsigned long)hr, size, flags, hr ? L"" : cmd);
  printf("UnregisterApplicationRestart %lx\n", (unsigned long)UnregisterApplicationRestart());
  size = 64;
  printf("GetApplicationRestartSettings after %lx\n", (unsigned long)GetApplicationRestartSettings(GetCurrentProcess(), cmd, &size, &flags));
  CloseHandle(f);
  return 0;
}
