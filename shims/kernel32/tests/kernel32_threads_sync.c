// Stress of every Windows primitive that must be atomic across threads running in parallel, one
// family at a time, each with 4-8 threads and exact counts: the Interlocked functions (i686's
// KERNEL32 exports, mixed on the same words with the program's own locked instructions), SLists,
// INIT_ONCE, SRW locks (exclusive and shared), condition variables over critical sections and
// SRW locks, critical sections (recursive, TryEnter), WaitOnAddress, and the C runtime's locks:
// printf from several threads into one fully buffered stdout (every line whole), _lock_file
// around a line written in pieces, fprintf into one FILE, rand's per-thread generator.
// Argument: a scale for the rounds (default 1).
// Links: -lsynchronization
#define __USE_MINGW_ANSI_STDIO 1  // mingw-w64's printf: one fputc per character, under _lock_file
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define MAX_THREADS 8

static int scale = 1;
static volatile LONG go;

typedef DWORD(WINAPI* start_fn)(LPVOID);

// Starts `n` threads at `fn` with their index, releases them together, waits for all.
static void run_threads(int n, start_fn fn) {
  HANDLE t[MAX_THREADS];
  go = 0;
  for (int i = 0; i < n; ++i) t[i] = CreateThread(NULL, 0, fn, (LPVOID)(INT_PTR)i, 0, NULL);
  InterlockedExchange(&go, 1);
  WaitForMultipleObjects(n, t, TRUE, INFINITE);
  for (int i = 0; i < n; ++i) CloseHandle(t[i]);
}
static void wait_go(void) {
  while (!go) YieldProcessor();
}

// ---- Interlocked: half the threads through KERNEL32's functions (i686; x64 Windows exports
// none, its compilers inline them), half with the compiler's locked instructions, on one word ----
typedef LONG(WINAPI* ilong1)(LONG volatile*);
typedef LONG(WINAPI* ilong2)(LONG volatile*, LONG);
typedef LONG(WINAPI* ilong3)(LONG volatile*, LONG, LONG);
typedef LONGLONG(WINAPI* ilonglong3)(LONGLONG volatile*, LONGLONG, LONGLONG);
static ilong1 k_inc, k_dec;
static ilong2 k_xadd, k_xchg;
static ilong3 k_cmpxchg;
static ilonglong3 k_cmpxchg64;
static volatile LONG i_count, i_sum, i_spin, i_cas;
static long i_plain;
static volatile LONGLONG i_wide;
#define I_ROUNDS (20000 * scale)

static DWORD WINAPI interlocked_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  int api = id & 1;
  wait_go();
  for (int i = 0; i < I_ROUNDS; ++i) {
    if (api && k_inc) {
      k_inc(&i_count);
      k_inc(&i_count);
      k_dec(&i_count);
      k_xadd(&i_sum, id);
      LONG seen;
      do seen = i_cas;
      while (k_cmpxchg(&i_cas, seen + 3, seen) != seen);
      while (k_xchg(&i_spin, 1)) YieldProcessor();
      ++i_plain;
      k_xchg(&i_spin, 0);
      LONGLONG w;
      do w = i_wide;
      while (k_cmpxchg64(&i_wide, w + 0x100000001LL, w) != w);
    } else {
      __atomic_add_fetch(&i_count, 1, __ATOMIC_SEQ_CST);
      __atomic_add_fetch(&i_count, 1, __ATOMIC_SEQ_CST);
      __atomic_sub_fetch(&i_count, 1, __ATOMIC_SEQ_CST);
      __atomic_fetch_add(&i_sum, id, __ATOMIC_SEQ_CST);
      LONG seen = i_cas;
      while (!__atomic_compare_exchange_n(&i_cas, &seen, seen + 3, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      }
      while (__atomic_exchange_n(&i_spin, 1, __ATOMIC_ACQUIRE)) YieldProcessor();
      ++i_plain;
      __atomic_store_n(&i_spin, 0, __ATOMIC_RELEASE);
      LONGLONG w = i_wide;
      while (!__atomic_compare_exchange_n(&i_wide, &w, w + 0x100000001LL, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      }
    }
  }
  return 0;
}

static void interlocked_family(void) {
  HMODULE k = GetModuleHandleA("kernel32.dll");
#ifdef __i386__
  k_inc = (ilong1)GetProcAddress(k, "InterlockedIncrement");
  k_dec = (ilong1)GetProcAddress(k, "InterlockedDecrement");
  k_xadd = (ilong2)GetProcAddress(k, "InterlockedExchangeAdd");
  k_xchg = (ilong2)GetProcAddress(k, "InterlockedExchange");
  k_cmpxchg = (ilong3)GetProcAddress(k, "InterlockedCompareExchange");
  k_cmpxchg64 = (ilonglong3)GetProcAddress(k, "InterlockedCompareExchange64");
  if (!k_inc || !k_dec || !k_xadd || !k_xchg || !k_cmpxchg || !k_cmpxchg64) {
    printf("interlocked: KERNEL32 lacks a function\n");
    k_inc = NULL;
  }
#else
  (void)k;
#endif
  run_threads(8, interlocked_worker);
  long n = I_ROUNDS;
  int exact = i_count == 8 * n && i_sum == n * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7) && i_cas == 24 * n && i_plain == 8 * n &&
              i_wide == 8 * n * 0x100000001LL;
  printf("interlocked: 8 threads, %ld rounds each: count %ld, sum %ld, cas %ld, spin-locked %ld, 64-bit %s: %s\n", n,
         (long)i_count, (long)i_sum, (long)i_cas, i_plain, i_wide == 8 * n * 0x100000001LL ? "exact" : "wrong",
         exact ? "exact" : "WRONG");
}

// ---- SLists: 8 threads pop an entry, count on it and push it back ----
typedef struct {
  SLIST_ENTRY link;  // first: the list's link
  volatile LONG visits;
  int id;
} __attribute__((aligned(MEMORY_ALLOCATION_ALIGNMENT))) Item;
#define ITEMS 64
static Item items[ITEMS];
static SLIST_HEADER list __attribute__((aligned(MEMORY_ALLOCATION_ALIGNMENT)));
static volatile LONG empty_pops;
#define S_ROUNDS (10000 * scale)

static DWORD WINAPI slist_worker(LPVOID arg) {
  (void)arg;
  wait_go();
  for (int i = 0; i < S_ROUNDS;) {
    Item* it = (Item*)InterlockedPopEntrySList(&list);
    if (!it) {
      InterlockedIncrement(&empty_pops);
      continue;
    }
    ++it->visits;  // owned by this thread until it is pushed back
    InterlockedPushEntrySList(&list, &it->link);
    ++i;
  }
  return 0;
}

static void slist_family(void) {
  InitializeSListHead(&list);
  for (int i = 0; i < ITEMS; ++i) {
    items[i].id = i;
    InterlockedPushEntrySList(&list, &items[i].link);
  }
  int depth_before = QueryDepthSList(&list);
  run_threads(8, slist_worker);
  int depth_after = QueryDepthSList(&list);
  long visits = 0, distinct = 0;
  char seen[ITEMS] = {0};
  for (Item* it = (Item*)InterlockedFlushSList(&list); it; it = (Item*)it->link.Next) {
    visits += it->visits;
    if (!seen[it->id]) ++distinct, seen[it->id] = 1;
  }
  printf("slist: 8 threads, %d pops and pushes each: depth %d then %d, %ld entries after, %ld visits: %s; empty after flush: %s\n",
         S_ROUNDS, depth_before, depth_after, distinct, visits,
         depth_after == ITEMS && distinct == ITEMS && visits == 8L * S_ROUNDS ? "exact" : "WRONG",
         QueryDepthSList(&list) == 0 && InterlockedPopEntrySList(&list) == NULL ? "yes" : "no");
}

// ---- INIT_ONCE: 8 threads race through each of many one-time initialisations ----
#define ONCES 200
static INIT_ONCE onces[ONCES];
static volatile LONG once_calls[ONCES];
static volatile LONG once_wrong;

static BOOL CALLBACK once_init(PINIT_ONCE once, PVOID param, PVOID* context) {
  int i = (int)(INT_PTR)param;
  InterlockedIncrement(&once_calls[i]);
  if (i % 16 == 0) Sleep(0);
  *context = (PVOID)(INT_PTR)((i + 1) << 4);  // the low bits stay free, as INIT_ONCE asks
  (void)once;
  return TRUE;
}

static DWORD WINAPI once_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  wait_go();
  for (int k = 0; k < ONCES; ++k) {
    int i = (k + id * 7) % ONCES;
    PVOID ctx = NULL;
    if (!InitOnceExecuteOnce(&onces[i], once_init, (PVOID)(INT_PTR)i, &ctx) || ctx != (PVOID)(INT_PTR)((i + 1) << 4))
      InterlockedIncrement(&once_wrong);
  }
  return 0;
}

static void once_family(void) {
  for (int i = 0; i < ONCES; ++i) InitOnceInitialize(&onces[i]);
  run_threads(8, once_worker);
  int ones = 0;
  for (int i = 0; i < ONCES; ++i) ones += once_calls[i] == 1;
  printf("init once: 8 threads, %d initialisations: %d ran exactly once, %ld wrong results\n", ONCES, ones,
         (long)once_wrong);
}

// ---- SRW locks: 4 writers keep two counters equal, 4 readers check them shared ----
static SRWLOCK srw = SRWLOCK_INIT;
static volatile long srw_a, srw_b;
static volatile LONG srw_torn, srw_reads, srw_try;
#define W_ROUNDS (10000 * scale)

static DWORD WINAPI srw_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  wait_go();
  for (int i = 0; i < W_ROUNDS; ++i) {
    if (id < 4) {
      if (i % 8 == 0 && TryAcquireSRWLockExclusive(&srw)) {
        InterlockedIncrement(&srw_try);
      } else {
        AcquireSRWLockExclusive(&srw);
      }
      long a = srw_a;
      srw_a = a + 1;
      if (i % 64 == 0) SwitchToThread();
      srw_b = srw_b + 1;
      ReleaseSRWLockExclusive(&srw);
    } else {
      AcquireSRWLockShared(&srw);
      if (srw_a != srw_b) InterlockedIncrement(&srw_torn);
      InterlockedIncrement(&srw_reads);
      ReleaseSRWLockShared(&srw);
    }
  }
  return 0;
}

static void srw_family(void) {
  run_threads(8, srw_worker);
  printf("srw lock: 4 writers and 4 readers, %d rounds each: a %ld, b %ld, %ld reads, %ld torn: %s\n", W_ROUNDS,
         srw_a, srw_b, (long)srw_reads, (long)srw_torn,
         srw_a == 4L * W_ROUNDS && srw_b == srw_a && srw_reads == 4L * W_ROUNDS && srw_torn == 0 ? "exact" : "WRONG");
}

// ---- condition variables: a bounded queue, 4 producers and 4 consumers, over a critical
// section (first run) and an SRW lock (second) ----
#define QUEUE 8
#define ITEMS_EACH (5000 * scale)
static CRITICAL_SECTION q_cs;
static SRWLOCK q_srw = SRWLOCK_INIT;
static int use_srw;
static CONDITION_VARIABLE not_full = CONDITION_VARIABLE_INIT, not_empty = CONDITION_VARIABLE_INIT;
static long queue[QUEUE];
static int q_head, q_len;
static long long consumed_sum;
static long consumed_count;

static void q_lock(void) {
  if (use_srw) AcquireSRWLockExclusive(&q_srw);
  else EnterCriticalSection(&q_cs);
}
static void q_unlock(void) {
  if (use_srw) ReleaseSRWLockExclusive(&q_srw);
  else LeaveCriticalSection(&q_cs);
}
static void q_wait(CONDITION_VARIABLE* cv) {
  if (use_srw) SleepConditionVariableSRW(cv, &q_srw, INFINITE, 0);
  else SleepConditionVariableCS(cv, &q_cs, INFINITE);
}

static DWORD WINAPI cv_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  wait_go();
  if (id < 4) {
    for (long i = 1; i <= ITEMS_EACH; ++i) {
      q_lock();
      while (q_len == QUEUE) q_wait(&not_full);
      queue[(q_head + q_len++) % QUEUE] = i * 8 + id;
      WakeConditionVariable(&not_empty);
      q_unlock();
    }
  } else {
    for (long i = 0; i < ITEMS_EACH; ++i) {
      q_lock();
      while (q_len == 0) q_wait(&not_empty);
      long v = queue[q_head];
      q_head = (q_head + 1) % QUEUE;
      --q_len;
      consumed_sum += v;
      ++consumed_count;
      if (i % 3 == 0) WakeAllConditionVariable(&not_full);
      else WakeConditionVariable(&not_full);
      q_unlock();
    }
  }
  return 0;
}

static void cv_family(void) {
  InitializeCriticalSection(&q_cs);
  long long n = ITEMS_EACH, want = 0;
  for (int id = 0; id < 4; ++id) want += 8 * n * (n + 1) / 2 + n * id;
  for (use_srw = 0; use_srw < 2; ++use_srw) {
    consumed_sum = 0, consumed_count = 0, q_head = 0, q_len = 0;
    run_threads(8, cv_worker);
    printf("condition variable (%s): 4 producers, 4 consumers, %ld items each: %ld consumed, sum %s, left %d\n",
           use_srw ? "SRW lock" : "critical section", (long)n, consumed_count, consumed_sum == want ? "exact" : "WRONG",
           q_len);
  }
  DeleteCriticalSection(&q_cs);
}

// ---- critical sections: recursive entries and TryEnter, 8 threads ----
static CRITICAL_SECTION cs;
static long cs_total, cs_depth_wrong;
static volatile LONG cs_tries;
#define C_ROUNDS (20000 * scale)

static DWORD WINAPI cs_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  wait_go();
  for (int i = 0; i < C_ROUNDS; ++i) {
    if (i % 4 == 0) {
      while (!TryEnterCriticalSection(&cs)) YieldProcessor();
      InterlockedIncrement(&cs_tries);
    } else {
      EnterCriticalSection(&cs);
    }
    EnterCriticalSection(&cs);
    if (cs.RecursionCount != 2) ++cs_depth_wrong;
    cs_total += id + 1;
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
  }
  return 0;
}

static void cs_family(void) {
  InitializeCriticalSection(&cs);
  run_threads(8, cs_worker);
  long want = (long)C_ROUNDS * 36;
  printf("critical section: 8 threads, %d rounds each, entered twice: total %ld, %ld TryEnter, depth wrong %ld: %s\n",
         C_ROUNDS, cs_total, (long)cs_tries, cs_depth_wrong,
         cs_total == want && cs_tries == 8L * (C_ROUNDS / 4) && !cs_depth_wrong ? "exact" : "WRONG");
  DeleteCriticalSection(&cs);
}

// ---- WaitOnAddress: 4 threads take turns by a shared counter ----
static volatile LONG turn;
#define T_ROUNDS (500 * scale)

static DWORD WINAPI turn_worker(LPVOID arg) {
  LONG id = (LONG)(INT_PTR)arg;
  wait_go();
  for (int r = 0; r < T_ROUNDS; ++r) {
    LONG mine = r * 4 + id;
    LONG seen;
    while ((seen = turn) != mine) WaitOnAddress(&turn, &seen, sizeof seen, INFINITE);
    InterlockedIncrement(&turn);
    WakeByAddressAll((PVOID)&turn);
  }
  return 0;
}

static void wait_on_address_family(void) {
  run_threads(4, turn_worker);
  printf("wait on address: 4 threads, %d turns each: turn %ld: %s\n", T_ROUNDS, (long)turn,
         turn == 4L * T_ROUNDS ? "exact" : "WRONG");
}

// ---- the C runtime: whole lines from parallel threads ----
// Every thread prints the same lines, so the output is the same whatever the order; a line that
// another thread's output cuts shows. Phase 0: mingw-w64's printf; phase 1: fputs in pieces
// under _lock_file; both with stdout fully buffered.
#define LINES 40
static FILE* shared_file;
static int phase;
static volatile LONG rand_fresh;

static DWORD WINAPI print_worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  wait_go();
  if (phase == 0) {
    // A new thread's rand() starts from seed 1 (the C runtime's per-thread data), whatever the
    // main thread drew before.
    int first = rand(), second = rand();
    if (first == 41 && second == 18467) InterlockedIncrement(&rand_fresh);
  }
  for (int i = 0; i < LINES; ++i) {
    if (phase == 0) {
      printf("a line printed by one of four threads, %s, %d + %d = %d\n", "formatted character by character", 20, 22, 42);
    } else {
      _lock_file(stdout);
      fputs("a line in ", stdout);
      fputs("three pieces", stdout);
      fputs(" under _lock_file\n", stdout);
      _unlock_file(stdout);
    }
    fprintf(shared_file, "thread %d line %d %s\n", id, phase * LINES + i, "abcdefghijklmnopqrstuvwxyz");
  }
  return 0;
}

static void crt_family(void) {
  char name[MAX_PATH];
  GetTempPathA(sizeof name, name);
  // (each process its own file: the same sample may run in parallel, natively, emulated, under wine)
  sprintf(name + strlen(name), "polyrun_threads_sync_%lu.txt", (unsigned long)GetCurrentProcessId());
  shared_file = fopen(name, "w+");
  if (!shared_file) {
    printf("crt: cannot create %s\n", name);
    return;
  }
  rand(), rand(), rand();
  setvbuf(stdout, NULL, _IOFBF, 4096);
  for (phase = 0; phase < 2; ++phase) {
    run_threads(4, print_worker);
    fflush(stdout);
  }
  setvbuf(stdout, NULL, _IONBF, 0);
  rewind(shared_file);
  char line[256];
  int next[4] = {0}, bad = 0, lines = 0;
  while (fgets(line, sizeof line, shared_file)) {
    int id, i;
    char rest[64];
    if (sscanf(line, "thread %d line %d %63s", &id, &i, rest) != 3 || id < 0 || id > 3 || i != next[id] ||
        strcmp(rest, "abcdefghijklmnopqrstuvwxyz") != 0)
      ++bad;
    else
      ++next[id];
    ++lines;
  }
  fclose(shared_file);
  remove(name);
  printf("crt: fprintf from 4 threads into one FILE: %d lines, %d malformed or out of order; rand fresh in %ld of 4 threads\n",
         lines, bad, (long)rand_fresh);
}

int main(int argc, char** argv) {
  if (argc > 1) scale = atoi(argv[1]) > 0 ? atoi(argv[1]) : 1;
  setvbuf(stdout, NULL, _IONBF, 0);
  interlocked_family();
  slist_family();
  once_family();
  srw_family();
  cv_family();
  cs_family();
  wait_on_address_family();
  crt_family();
  return 0;
}
