/* The reference for tests/unit/gdi_regions_test.cpp: creates GDI32 regions (polygons, ellipses, round
 * rectangles, combinations) and prints what GetRegionData, GetRgnBox, PtInRegion and RectInRegion say
 * of them, one line each. Built and run under wine 8.0 (or Windows):
 *   x86_64-w64-mingw32-gcc -O1 -o /tmp/probe.exe tests/unit/gdi_regions_probe.c -lgdi32
 *   DISPLAY=:57 WINEPREFIX=/tmp/pfx-regions WINEDEBUG=-all /usr/lib/wine/wine64 /tmp/probe.exe </dev/null
 * Its output is kept in the test as expected data; the test builds the same regions under the same names
 * (keep the two in step).
 * A line: "<name> <kind> <box left,top,right,bottom> <count>: <left,top,right,bottom> ..." */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints a region's type, bounding box and rectangles, and deletes it. */
static void dump(const char *name, HRGN rgn) {
  RECT box;
  int kind = GetRgnBox(rgn, &box);
  DWORD size = GetRegionData(rgn, 0, NULL);
  RGNDATA *data = malloc(size);
  GetRegionData(rgn, size, data);
  printf("%s %d %ld,%ld,%ld,%ld %lu:", name, kind, box.left, box.top, box.right, box.bottom, data->rdh.nCount);
  const RECT *r = (const RECT *)data->Buffer;
  for (DWORD i = 0; i < data->rdh.nCount; i++) printf(" %ld,%ld,%ld,%ld", r[i].left, r[i].top, r[i].right, r[i].bottom);
  printf("\n");
  free(data);
  DeleteObject(rgn);
}

static HRGN poly(const POINT *pts, const INT *counts, int polygons, int mode) {
  return CreatePolyPolygonRgn(pts, counts, polygons, mode);
}

/* Both fill modes of one polygon set, named <name>_alt and <name>_wind. */
static void polys(const char *name, const POINT *pts, const INT *counts, int polygons) {
  char full[64];
  snprintf(full, sizeof full, "%s_alt", name);
  dump(full, poly(pts, counts, polygons, ALTERNATE));
  snprintf(full, sizeof full, "%s_wind", name);
  dump(full, poly(pts, counts, polygons, WINDING));
}

static HRGN combined(HRGN a, HRGN b, int mode) {
  HRGN d = CreateRectRgn(0, 0, 0, 0);
  CombineRgn(d, a, b, mode);
  return d;
}

int main(void) {
  /* Polygons (every set is printed in both fill modes). */
  static const POINT triangle[] = {{10, 10}, {50, 20}, {20, 60}};
  static const INT n3[] = {3};
  polys("triangle", triangle, n3, 1);
  static const POINT star[] = {{50, 0}, {79, 90}, {2, 35}, {97, 35}, {21, 90}};
  static const INT n5[] = {5};
  polys("star", star, n5, 1);
  static const POINT concave[] = {{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}};
  static const INT n8[] = {8};
  polys("concave", concave, n8, 1);
  static const POINT arrow[] = {{0, 10}, {25, 10}, {25, 0}, {40, 20}, {25, 40}, {25, 30}, {0, 30}};
  static const INT n7[] = {7};
  polys("arrow", arrow, n7, 1);
  /* Two overlapping squares, the second the same way round as the first, then the other way. */
  static const POINT squares_same[] = {{0, 0}, {40, 0}, {40, 40}, {0, 40}, {20, 20}, {60, 20}, {60, 60}, {20, 60}};
  static const INT n44[] = {4, 4};
  polys("squares_same", squares_same, n44, 2);
  static const POINT squares_opposite[] = {{0, 0}, {40, 0}, {40, 40}, {0, 40}, {20, 20}, {20, 60}, {60, 60}, {60, 20}};
  polys("squares_opposite", squares_opposite, n44, 2);
  /* Two squares sharing an edge, same way round and opposite. */
  static const POINT touching_same[] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {10, 0}, {20, 0}, {20, 10}, {10, 10}};
  polys("touching_same", touching_same, n44, 2);
  static const POINT touching_opposite[] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {10, 0}, {10, 10}, {20, 10}, {20, 0}};
  polys("touching_opposite", touching_opposite, n44, 2);
  /* A square inside another, same way round and opposite. */
  static const POINT nested_same[] = {{0, 0}, {30, 0}, {30, 30}, {0, 30}, {10, 10}, {20, 10}, {20, 20}, {10, 20}};
  polys("nested_same", nested_same, n44, 2);
  static const POINT nested_opposite[] = {{0, 0}, {30, 0}, {30, 30}, {0, 30}, {10, 10}, {10, 20}, {20, 20}, {20, 10}};
  polys("nested_opposite", nested_opposite, n44, 2);
  /* Three triangles, one overlapping the others. */
  static const POINT three[] = {{0, 0}, {20, 5}, {3, 17}, {10, 2}, {30, 30}, {0, 25}, {40, 0}, {45, 20}, {33, 12}};
  static const INT n333[] = {3, 3, 3};
  polys("three", three, n333, 3);
  /* Axis-aligned rectangles given as polygons (four points, five closed, clockwise, other corner order). */
  static const POINT rect4[] = {{5, 5}, {25, 5}, {25, 15}, {5, 15}};
  static const INT n4[] = {4};
  polys("rect4", rect4, n4, 1);
  static const POINT rect5[] = {{25, 15}, {25, 5}, {5, 5}, {5, 15}, {25, 15}};
  polys("rect5", rect5, n5, 1);
  static const POINT rect_flat[] = {{5, 5}, {25, 5}, {25, 5}, {5, 5}};
  polys("rect_flat", rect_flat, n4, 1);
  static const POINT bowtie[] = {{0, 0}, {20, 20}, {20, 0}, {0, 20}};
  polys("bowtie", bowtie, n4, 1);
  /* Degenerate: a line, two points, a horizontal line, one point. */
  static const POINT line[] = {{0, 0}, {10, 10}, {20, 20}};
  polys("line", line, n3, 1);
  static const POINT two[] = {{0, 0}, {10, 20}};
  static const INT n2[] = {2};
  polys("two", two, n2, 1);
  static const POINT flat[] = {{0, 5}, {10, 5}, {30, 5}};
  polys("flat", flat, n3, 1);
  /* Steep, shallow and leftward edges, negative coordinates. */
  static const POINT slopes[] = {{-7, -3}, {41, 2}, {44, 9}, {12, 47}, {11, 20}, {-30, 31}};
  static const INT n6[] = {6};
  polys("slopes", slopes, n6, 1);
  static const POINT sliver[] = {{0, 0}, {100, 3}, {1, 1}};
  polys("sliver", sliver, n3, 1);
  static const POINT spike[] = {{10, 0}, {11, 50}, {9, 50}};
  polys("spike", spike, n3, 1);
  /* A self-intersecting polygon of many points whose edges cross at shared x positions. */
  static const POINT tangle[] = {{0, 0}, {30, 40}, {10, 40}, {40, 0}, {40, 30}, {0, 10}, {50, 10}, {5, 35}, {45, 35},
                                 {20, 0}, {25, 50}, {0, 50}};
  static const INT n12[] = {12};
  polys("tangle", tangle, n12, 1);
  /* A polygon wound twice round (a pentagram drawn as two loops). */
  static const POINT twice[] = {{50, 0}, {100, 50}, {50, 100}, {0, 50}, {50, 0}, {100, 50}, {50, 100}, {0, 50}};
  polys("twice", twice, n8, 1);
  /* A count of one skips its point (the next polygon's edges start there). */
  static const POINT skip[] = {{7, 7}, {0, 0}, {20, 0}, {10, 20}};
  static const INT n13[] = {1, 3};
  polys("skip", skip, n13, 2);

  /* Ellipses. (Not ones over about twice as high as wide, e.g. (0,0,3,10): wine 8.0 leaves some of their
   * rows unwritten and lists whatever memory held.) */
  static const RECT ellipses[] = {{0, 0, 1, 1},   {0, 0, 2, 2},    {0, 0, 3, 3},     {0, 0, 4, 4},    {0, 0, 5, 5},
                                  {0, 0, 6, 6},   {0, 0, 10, 10},  {0, 0, 11, 7},    {0, 0, 7, 11},   {0, 0, 20, 30},
                                  {0, 0, 30, 20}, {0, 0, 2, 10},   {0, 0, 10, 2},    {0, 0, 5, 11},   {0, 0, 10, 3},
                                  {10, 10, 0, 0}, {0, 0, 0, 10},   {5, 5, 5, 5},     {-10, -20, 25, 15},
                                  {0, 0, 100, 3}, {0, 0, 64, 64},  {0, 0, 1, 10},    {0, 0, 15, 16},  {3, 4, 40, 9},
                                  {0, 10, 10, 0}, {0, 0, 201, 99}};
  for (size_t i = 0; i < sizeof ellipses / sizeof *ellipses; i++) {
    const RECT *e = &ellipses[i];
    char name[64];
    snprintf(name, sizeof name, "ellipse(%ld,%ld,%ld,%ld)", e->left, e->top, e->right, e->bottom);
    dump(name, CreateEllipticRgn(e->left, e->top, e->right, e->bottom));
  }

  /* Round rectangles. */
  static const int round[][6] = {{0, 0, 20, 20, 5, 5},   {0, 0, 20, 20, 10, 10}, {0, 0, 20, 20, 0, 0},
                                 {0, 0, 20, 20, 1, 10},  {0, 0, 20, 20, 2, 2},   {0, 0, 20, 20, 3, 3},
                                 {0, 0, 30, 20, -8, 6},  {0, 0, 20, 20, 40, 40}, {0, 0, 20, 10, 7, 4},
                                 {20, 20, 0, 0, 6, 6},   {0, 0, 50, 40, 17, 13}, {0, 0, 20, 20, 4, 9},
                                 {0, 0, 3, 3, 2, 2},     {0, 0, 2, 2, 5, 5},     {-5, -5, 5, 5, 20, 3},
                                 {0, 0, 20, 20, 4, 12}};
  for (size_t i = 0; i < sizeof round / sizeof *round; i++) {
    const int *r = round[i];
    char name[64];
    snprintf(name, sizeof name, "roundrect(%d,%d,%d,%d,%d,%d)", r[0], r[1], r[2], r[3], r[4], r[5]);
    dump(name, CreateRoundRectRgn(r[0], r[1], r[2], r[3], r[4], r[5]));
  }

  /* Combinations. */
  static const char *const ops[] = {"", "and", "or", "xor", "diff", "copy"};
  for (int op = RGN_AND; op <= RGN_COPY; op++) {
    char name[64];
    HRGN a = CreateRectRgn(0, 0, 30, 20), b = CreateRectRgn(10, 10, 50, 40);
    snprintf(name, sizeof name, "rects_%s", ops[op]);
    dump(name, combined(a, b, op));
    HRGN e = CreateEllipticRgn(0, 0, 40, 30), r = CreateRectRgn(15, -5, 60, 12);
    snprintf(name, sizeof name, "ellipse_rect_%s", ops[op]);
    dump(name, combined(e, r, op));
    snprintf(name, sizeof name, "rect_ellipse_%s", ops[op]);
    dump(name, combined(r, e, op));
    HRGN e2 = CreateEllipticRgn(20, 5, 70, 45);
    snprintf(name, sizeof name, "ellipses_%s", ops[op]);
    dump(name, combined(e, e2, op));
    HRGN s = CreatePolyPolygonRgn(star, n5, 1, ALTERNATE), rr = CreateRoundRectRgn(10, 10, 90, 80, 30, 20);
    snprintf(name, sizeof name, "star_roundrect_%s", ops[op]);
    dump(name, combined(s, rr, op));
    HRGN t = CreatePolyPolygonRgn(touching_opposite, n44, 2, WINDING), u = CreateRectRgn(5, 3, 15, 6);
    snprintf(name, sizeof name, "touching_rect_%s", ops[op]);
    dump(name, combined(t, u, op));
    HRGN empty = CreateRectRgn(0, 0, 0, 0);
    snprintf(name, sizeof name, "ellipse_empty_%s", ops[op]);
    dump(name, combined(e, empty, op));
    snprintf(name, sizeof name, "empty_ellipse_%s", ops[op]);
    dump(name, combined(empty, e, op));
    snprintf(name, sizeof name, "ellipse_self_%s", ops[op]);
    dump(name, combined(e, e, op));
    HRGN above = CreateRectRgn(5, -10, 35, 2), big = CreateRectRgn(-1, -1, 41, 31);
    snprintf(name, sizeof name, "ellipse_above_%s", ops[op]);
    dump(name, combined(e, above, op));
    snprintf(name, sizeof name, "ellipse_big_%s", ops[op]);
    dump(name, combined(e, big, op));
    snprintf(name, sizeof name, "big_ellipse_%s", ops[op]);
    dump(name, combined(big, e, op));
    HRGN distant = CreateRectRgn(100, 100, 110, 110);
    snprintf(name, sizeof name, "ellipse_far_%s", ops[op]);
    dump(name, combined(e, distant, op));
    DeleteObject(a); DeleteObject(b); DeleteObject(e); DeleteObject(r); DeleteObject(e2); DeleteObject(s);
    DeleteObject(rr); DeleteObject(t); DeleteObject(u); DeleteObject(empty); DeleteObject(above);
    DeleteObject(big); DeleteObject(distant);
  }
  HRGN moved = CreateEllipticRgn(0, 0, 9, 7);
  OffsetRgn(moved, -3, 5);
  dump("ellipse_offset", moved);

  /* Queries on one region: an ellipse with a hole. */
  HRGN q = CreateEllipticRgn(0, 0, 40, 30), hole = CreateRectRgn(15, 10, 25, 20);
  CombineRgn(q, q, hole, RGN_DIFF);
  static const POINT pts[] = {{0, 0}, {20, 0}, {20, 1}, {19, 15}, {14, 15}, {15, 15}, {25, 15}, {24, 15}, {39, 15},
                              {40, 15}, {20, 29}, {20, 30}, {-1, 15}, {2, 3}};
  for (size_t i = 0; i < sizeof pts / sizeof *pts; i++)
    printf("pt %ld,%ld %d\n", pts[i].x, pts[i].y, PtInRegion(q, pts[i].x, pts[i].y) ? 1 : 0);
  static const RECT probes[] = {{16, 11, 24, 19}, {16, 11, 26, 19}, {24, 19, 16, 11}, {20, 15, 20, 15}, {20, 5, 20, 9},
                                {20, 5, 21, 5},   {40, 0, 50, 30},  {39, 14, 50, 16}, {0, 0, 2, 2},    {-5, -5, 0, 100},
                                {5, 5, 5, 25},    {20, 30, 25, 40}};
  for (size_t i = 0; i < sizeof probes / sizeof *probes; i++)
    printf("rect %ld,%ld,%ld,%ld %d\n", probes[i].left, probes[i].top, probes[i].right, probes[i].bottom,
           RectInRegion(q, &probes[i]) ? 1 : 0);
  HRGN same = CreateEllipticRgn(0, 0, 40, 30);
  CombineRgn(same, same, hole, RGN_DIFF);
  printf("equal %d\n", EqualRgn(q, same) ? 1 : 0);
  OffsetRgn(same, 1, 0);
  printf("equal_moved %d\n", EqualRgn(q, same) ? 1 : 0);
  HRGN e0 = CreateRectRgn(0, 0, 0, 0), e1 = CreateRectRgn(5, 5, 5, 9);
  printf("equal_empty %d\n", EqualRgn(e0, e1) ? 1 : 0);
  return 0;
}
