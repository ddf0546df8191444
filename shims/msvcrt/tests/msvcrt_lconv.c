/* The "C" locale's struct lconv: its strings, its char fields CHAR_MAX (127) until a program whose
 * char is unsigned (MSVC's /J) calls __lconv_init (__initialize_lconv_for_unsigned_char in the
 * Universal CRT), then UCHAR_MAX; the Universal CRT's wide strings after them. Built against
 * msvcrt.dll (msvcrt_lconv) and the Universal CRT (ucrt_lconv). */
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

#ifdef _UCRT
int __cdecl __initialize_lconv_for_unsigned_char(void);
#define LCONV_INIT __initialize_lconv_for_unsigned_char
#else
int __cdecl __lconv_init(void);
#define LCONV_INIT __lconv_init
#endif

static void show(const char* when) {
  struct lconv* l = localeconv();
  printf("%s: decimal_point \"%s\", int_frac_digits %d, frac_digits %d, p_cs_precedes %d, n_sign_posn %d\n", when,
         l->decimal_point, (unsigned char)l->int_frac_digits, (unsigned char)l->frac_digits,
         (unsigned char)l->p_cs_precedes, (unsigned char)l->n_sign_posn);
#ifdef _UCRT
  printf("%s: _W_decimal_point \"%ls\", _W_thousands_sep \"%ls\"\n", when, l->_W_decimal_point, l->_W_thousands_sep);
#endif
}

int main(void) {
  show("C locale");
  int r = LCONV_INIT();
  printf("lconv init returned %d\n", r);
  show("after it");
  return 0;
}
