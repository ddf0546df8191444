/* Starts `n` threads running body(index) and waits for them all: Win32 threads in a Windows build,
   POSIX threads otherwise (the bench programs' one piece of platform code). */
#ifndef POLYRUN_BENCH_RUN_THREADS_H
#define POLYRUN_BENCH_RUN_THREADS_H
#include <stdint.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#endif

static void (*run_threads_body)(long);

#ifdef _WIN32
static DWORD WINAPI run_threads_start(LPVOID arg) {
  run_threads_body((long)(intptr_t)arg);
  return 0;
}
#else
static void* run_threads_start(void* arg) {
  run_threads_body((long)(intptr_t)arg);
  return NULL;
}
#endif

static void run_threads(int n, void (*body)(long)) {
  run_threads_body = body;
#ifdef _WIN32
  HANDLE t[64];
  for (long i = 0; i < n; ++i) t[i] = CreateThread(NULL, 0, run_threads_start, (LPVOID)(intptr_t)i, 0, NULL);
  WaitForMultipleObjects((DWORD)n, t, TRUE, INFINITE);
#else
  pthread_t t[64];
  for (long i = 0; i < n; ++i) pthread_create(&t[i], NULL, run_threads_start, (void*)(intptr_t)i);
  for (int i = 0; i < n; ++i) pthread_join(t[i], NULL);
#endif
}
#endif
