/* USER32's rectangle functions: SetRect, SetRectEmpty, CopyRect, IsRectEmpty, EqualRect, PtInRect
 * on and beside each edge, OffsetRect, InflateRect (also inward past empty), IntersectRect,
 * UnionRect and SubtractRect over overlapping, touching, nested, disjoint and empty rectangles, and
 * the answers to NULL pointers. */
// Links: -luser32
#include <stdio.h>
#include <windows.h>

static void show(const char* what, BOOL r, const RECT* rc) {
  printf("%-34s %d  (%ld,%ld)-(%ld,%ld)\n", what, r, rc->left, rc->top, rc->right, rc->bottom);
}

int main(void) {
  RECT a, b, c, d;
  show("SetRect", SetRect(&a, 10, 20, 110, 70), &a);
  show("CopyRect", CopyRect(&b, &a), &b);
  BOOL same = EqualRect(&a, &b);
  b.left++;
  printf("EqualRect same: %d, after a change: %d\n", same, EqualRect(&a, &b));
  show("SetRectEmpty", SetRectEmpty(&c), &c);
  SetRect(&d, 5, 5, 5, 9);
  BOOL flat = IsRectEmpty(&d);
  SetRect(&d, 9, 9, 5, 5);
  printf("IsRectEmpty: empty %d, a %d, flat %d, inverted %d\n", IsRectEmpty(&c), IsRectEmpty(&a), flat, IsRectEmpty(&d));

  POINT pts[] = {{10, 20}, {109, 69}, {110, 69}, {109, 70}, {9, 20}, {60, 40}, {-5, -5}};
  for (int i = 0; i < (int)(sizeof pts / sizeof *pts); ++i)
    printf("PtInRect (%ld,%ld): %d\n", pts[i].x, pts[i].y, PtInRect(&a, pts[i]));

  c = a;
  show("OffsetRect -10,+5", OffsetRect(&c, -10, 5), &c);
  c = a;
  show("InflateRect 5,3", InflateRect(&c, 5, 3), &c);
  show("InflateRect -60,-30 (inverted)", InflateRect(&c, -60, -30), &c);

  struct { const char* what; RECT x, y; } pairs[] = {
      {"overlapping", {0, 0, 50, 50}, {25, 25, 75, 75}},
      {"touching edges", {0, 0, 50, 50}, {50, 0, 100, 50}},
      {"nested", {0, 0, 100, 100}, {20, 30, 40, 50}},
      {"disjoint", {0, 0, 10, 10}, {20, 20, 30, 30}},
      {"second empty", {0, 0, 10, 10}, {5, 5, 5, 20}},
      {"both empty", {3, 3, 3, 3}, {7, 7, 2, 2}},
      {"same", {1, 2, 3, 4}, {1, 2, 3, 4}},
      {"left strip", {0, 0, 100, 50}, {-10, -5, 30, 60}},
      {"right strip", {0, 0, 100, 50}, {70, 0, 100, 50}},
      {"top strip", {0, 0, 100, 50}, {0, -5, 100, 20}},
      {"bottom strip", {0, 0, 100, 50}, {-1, 40, 101, 90}},
      {"middle band", {0, 0, 100, 50}, {30, -1, 60, 51}},
      {"corner", {0, 0, 100, 50}, {80, 30, 120, 70}},
  };
  for (int i = 0; i < (int)(sizeof pairs / sizeof *pairs); ++i) {
    char label[64];
    SetRect(&d, -1, -1, -1, -1);
    snprintf(label, sizeof label, "IntersectRect %s", pairs[i].what);
    show(label, IntersectRect(&d, &pairs[i].x, &pairs[i].y), &d);
    SetRect(&d, -1, -1, -1, -1);
    snprintf(label, sizeof label, "UnionRect %s", pairs[i].what);
    show(label, UnionRect(&d, &pairs[i].x, &pairs[i].y), &d);
    SetRect(&d, -1, -1, -1, -1);
    snprintf(label, sizeof label, "SubtractRect %s", pairs[i].what);
    show(label, SubtractRect(&d, &pairs[i].x, &pairs[i].y), &d);
  }

  printf("NULL: SetRect %d, SetRectEmpty %d, CopyRect %d/%d, IsRectEmpty %d, EqualRect %d\n",
         SetRect(NULL, 1, 2, 3, 4), SetRectEmpty(NULL), CopyRect(NULL, &a), CopyRect(&b, NULL),
         IsRectEmpty(NULL), EqualRect(NULL, NULL));
  POINT origin = {0, 0};
  printf("NULL: PtInRect %d, OffsetRect %d, InflateRect %d\n", PtInRect(NULL, origin), OffsetRect(NULL, 1, 1),
         InflateRect(NULL, 1, 1));
  SetRect(&d, -1, -1, -1, -1);
  show("IntersectRect with a NULL source", IntersectRect(&d, NULL, &a), &d);
  SetRect(&d, -1, -1, -1, -1);
  show("UnionRect with a NULL source", UnionRect(&d, &a, NULL), &d);
  SetRect(&d, -1, -1, -1, -1);
  show("SubtractRect of a NULL", SubtractRect(&d, &a, NULL), &d);
  printf("NULL destination: IntersectRect %d, UnionRect %d, SubtractRect %d\n", IntersectRect(NULL, &a, &a),
         UnionRect(NULL, &a, &a), SubtractRect(NULL, &a, &a));
  return 0;
}
