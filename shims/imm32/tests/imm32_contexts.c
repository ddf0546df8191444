// IMM32 on a system whose keyboard layout is no IME, as SDL and other toolkits meet it when they
// make a window and start text input: a window's input context, its association taken away and
// given back, a context made and destroyed, the composition and candidate windows' forms, empty
// composition strings and candidate lists, notifications no IME acts on, the layout not an IME.
// Links: -limm32
#include <stdio.h>
#include <windows.h>
#include <imm.h>

int main(void) {
  HWND w = CreateWindowExA(0, "STATIC", "imm", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL, NULL, NULL);
  printf("window: %s\n", w ? "yes" : "no");
  HIMC himc = ImmGetContext(w);
  printf("ImmGetContext: %s\n", himc ? "a context" : "none");
  printf("ImmReleaseContext: %d\n", ImmReleaseContext(w, himc));
  HIMC previous = ImmAssociateContext(w, NULL);
  printf("ImmAssociateContext(NULL): the previous is the context: %s\n", previous == himc ? "yes" : "no");
  HIMC now = ImmGetContext(w);
  printf("ImmGetContext after: %s\n", now ? "a context" : "none");
  previous = ImmAssociateContext(w, himc);
  printf("given back: the previous is none: %s, now the context: %s\n", previous == NULL ? "yes" : "no",
         ImmGetContext(w) == himc ? "yes" : "no");
  SetLastError(0);
  printf("ImmGetContext of no window: %s, error %lu\n", ImmGetContext((HWND)0x1234) ? "a context" : "none", GetLastError());

  COMPOSITIONFORM cf = {CFS_POINT, {10, 20}, {0, 0, 0, 0}};
  printf("ImmSetCompositionWindow: %d\n", ImmSetCompositionWindow(himc, &cf));
  CANDIDATEFORM cand = {0, CFS_CANDIDATEPOS, {10, 40}, {0, 0, 0, 0}};
  printf("ImmSetCandidateWindow: %d\n", ImmSetCandidateWindow(himc, &cand));
  WCHAR text[64];
  printf("ImmGetCompositionStringW: %ld %ld\n", ImmGetCompositionStringW(himc, GCS_COMPSTR, text, sizeof text),
         ImmGetCompositionStringW(himc, GCS_RESULTSTR, NULL, 0));
  printf("ImmGetCandidateListW: %lu\n", ImmGetCandidateListW(himc, 0, NULL, 0));
  printf("ImmNotifyIME: %d\n", ImmNotifyIME(himc, NI_COMPOSITIONSTR, CPS_CANCEL, 0));
  printf("ImmSetCompositionStringW: %d\n", ImmSetCompositionStringW(himc, SCS_SETSTR, L"x", 2, NULL, 0));
  HKL layout = GetKeyboardLayout(0);
  char name[64] = "untouched";
  printf("ImmIsIME: %d, ImmGetIMEFileNameA: %u\n", ImmIsIME(layout), ImmGetIMEFileNameA(layout, name, sizeof name));

  HIMC made = ImmCreateContext();
  printf("ImmCreateContext: %s, another: %s\n", made ? "a context" : "none", made != himc ? "yes" : "no");
  previous = ImmAssociateContext(w, made);
  printf("associated: the previous is the first: %s, ImmGetContext gives it: %s\n", previous == himc ? "yes" : "no",
         ImmGetContext(w) == made ? "yes" : "no");
  ImmAssociateContext(w, himc);
  printf("ImmDestroyContext: %d\n", ImmDestroyContext(made));
  DestroyWindow(w);
  return 0;
}
