/* WINMM's PlaySound and sndPlaySound: a sound file of the test's own (a tenth of a second of 8 kHz
 * silence), the same image in memory, something that is no sound, names no file or alias has,
 * asynchronous and looping playing stopped by PlaySound(NULL), SND_NOSTOP while a sound plays. */
// Links: -lwinmm
#include <windows.h>
#include <mmsystem.h>
#include <stdio.h>
#include <string.h>

static BYTE image[44 + 8000];
static char name[64];
static WCHAR wname[64];

static DWORD make_wave(DWORD samples) {
  DWORD data = samples, riff = 36 + data;
  WAVEFORMATEX f = {WAVE_FORMAT_PCM, 1, 8000, 8000, 1, 8, 0};
  memcpy(image, "RIFF", 4);
  memcpy(image + 4, &riff, 4);
  memcpy(image + 8, "WAVEfmt ", 8);
  DWORD fmt = 16;
  memcpy(image + 16, &fmt, 4);
  memcpy(image + 20, &f, 16);
  memcpy(image + 36, "data", 4);
  memcpy(image + 40, &data, 4);
  memset(image + 44, 0x80, data);
  return 44 + data;
}

int main(void) {
  DWORD size = make_wave(800);
  // A name of this process's own: the cases of this program run side by side in one directory.
  sprintf(name, "play_sound_%lu.wav", GetCurrentProcessId());
  MultiByteToWideChar(CP_ACP, 0, name, -1, wname, 64);
  HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(h, image, size, &n, NULL);
  CloseHandle(h);

  printf("devices: %u\n", waveOutGetNumDevs() > 0);
  printf("PlaySoundW(file, SND_FILENAME|SND_NODEFAULT): %d\n",
         PlaySoundW(wname, NULL, SND_FILENAME | SND_SYNC | SND_NODEFAULT));
  printf("PlaySoundA(file, SND_FILENAME): %d\n", PlaySoundA(name, NULL, SND_FILENAME));
  printf("PlaySoundW(file, no kind given): %d\n", PlaySoundW(wname, NULL, SND_NODEFAULT));
  printf("sndPlaySoundW(file): %d\n", sndPlaySoundW(wname, SND_SYNC | SND_NODEFAULT));
  printf("PlaySoundA(image, SND_MEMORY): %d\n", PlaySoundA((LPCSTR)image, NULL, SND_MEMORY | SND_NODEFAULT));
  printf("PlaySoundW(no such file, SND_NODEFAULT): %d\n",
         PlaySoundW(L"no_such_sound.wav", NULL, SND_FILENAME | SND_NODEFAULT));
  printf("PlaySoundW(no such alias, SND_NODEFAULT): %d\n", PlaySoundW(L"NoSuchAlias", NULL, SND_ALIAS | SND_NODEFAULT));
  static const char not_a_sound[64] = "RIFF....AVI LIST";
  printf("PlaySoundA(not a sound, SND_MEMORY): %d\n", PlaySoundA(not_a_sound, NULL, SND_MEMORY | SND_NODEFAULT));

  size = make_wave(8000); /* a whole second */
  printf("PlaySoundA(image, SND_ASYNC): %d\n", PlaySoundA((LPCSTR)image, NULL, SND_MEMORY | SND_ASYNC | SND_NODEFAULT));
  Sleep(100);
  printf("PlaySoundW(file, SND_NOSTOP) while it plays: %d\n",
         PlaySoundW(wname, NULL, SND_FILENAME | SND_NOSTOP | SND_NODEFAULT));
  printf("PlaySound(NULL): %d\n", PlaySoundW(NULL, NULL, 0));
  printf("PlaySoundA(image, SND_ASYNC|SND_LOOP): %d\n",
         PlaySoundA((LPCSTR)image, NULL, SND_MEMORY | SND_ASYNC | SND_LOOP | SND_NODEFAULT));
  Sleep(100);
  printf("PlaySound(NULL): %d\n", PlaySoundW(NULL, NULL, 0));
  printf("PlaySoundW(file, SND_NOSTOP) after the stop: %d\n",
         PlaySoundW(wname, NULL, SND_FILENAME | SND_NOSTOP | SND_NODEFAULT));
  DeleteFileA(name);
  return 0;
}
