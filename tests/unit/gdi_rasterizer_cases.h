/* The drawing calls GDI32's shape rasterizer is checked against: one table, plain C, read both by
 * the probe (gdi_rasterizer_probe.c, built with mingw and run under wine to record what wine 8.0's
 * DIB engine paints) and by the unit test (gdi_rasterizer_test.cpp, which rasterizes the same calls
 * with shims/gdi32/rasterizer.cpp and compares). Coordinates are device pixels of a 40x40 DIB. */
#ifndef POLYRUN_GDI_RASTERIZER_CASES_H
#define POLYRUN_GDI_RASTERIZER_CASES_H

#define RC_SIZE 40

/* The pen bits of CreatePen/ExtCreatePen (wingdi.h values; the test has no wingdi.h). */
#define RC_SOLID 0x0
#define RC_DASH 0x1
#define RC_DOT 0x2
#define RC_DASHDOT 0x3
#define RC_DASHDOTDOT 0x4
#define RC_NULL 0x5
#define RC_INSIDEFRAME 0x6
#define RC_CAP_ROUND 0x0
#define RC_CAP_SQUARE 0x100
#define RC_CAP_FLAT 0x200
#define RC_JOIN_ROUND 0x0
#define RC_JOIN_BEVEL 0x1000
#define RC_JOIN_MITER 0x2000
#define RC_GEOMETRIC 0x10000

enum rc_shape { RC_LINE, RC_POLYLINE, RC_RECT, RC_ELLIPSE, RC_ROUNDRECT, RC_ARC, RC_CHORD, RC_PIE, RC_POLYGON };

struct rc_case {
  const char *name;
  int shape;
  unsigned style; /* pen style with its geometric/cap/join bits */
  int width;
  int ext;        /* made by ExtCreatePen (a solid black brush) rather than CreatePen */
  int brush;      /* 0: NULL_BRUSH, 1: a solid gray brush */
  int clockwise;  /* SetArcDirection(AD_CLOCKWISE) */
  int fill_mode;  /* SetPolyFillMode: 1 ALTERNATE, 2 WINDING */
  int count;      /* points: LINE 2, POLYLINE n; RECT/ELLIPSE corners (2); ROUNDRECT corners and (ew, eh);
                     ARC/CHORD/PIE corners, start, end; POLYGON all vertices */
  int polys[4];   /* POLYGON: the vertex count of each polygon, 0 after the last */
  int pts[14][2];
};

/* Shorthands: a line from (20,20), a polyline, a shape with a plain 1-pixel pen. */
#define RC_L(name, x, y) { name, RC_LINE, RC_SOLID, 1, 0, 0, 0, 1, 2, {0}, {{20, 20}, {x, y}} }
#define RC_LS(name, style, width, ext, x0, y0, x1, y1) \
  { name, RC_LINE, style, width, ext, 0, 0, 1, 2, {0}, {{x0, y0}, {x1, y1}} }

#define RC_ZIGZAG {{3, 5}, {36, 5}, {36, 16}, {8, 34}, {30, 34}, {12, 12}}
#define RC_PL(name, style, width, ext) { name, RC_POLYLINE, style, width, ext, 0, 0, 1, 6, {0}, RC_ZIGZAG }
#define RC_SH(name, shape, style, width, brush, cw, l, t, r, b) \
  { name, shape, style, width, 0, brush, cw, 1, 2, {0}, {{l, t}, {r, b}} }
#define RC_RR(name, style, width, brush, l, t, r, b, ew, eh) \
  { name, RC_ROUNDRECT, style, width, 0, brush, 0, 1, 3, {0}, {{l, t}, {r, b}, {ew, eh}} }
#define RC_ARC(name, shape, style, width, brush, cw, l, t, r, b, sx, sy, ex, ey) \
  { name, shape, style, width, 0, brush, cw, 1, 4, {0}, {{l, t}, {r, b}, {sx, sy}, {ex, ey}} }

#define RC_GEO(cap, join) (RC_GEOMETRIC | (cap) | (join))

static const struct rc_case rc_cases[] = {
  /* Cosmetic 1-pixel lines: every octant, with and without ties of the Bresenham error, and the axes. */
  RC_L("line oct1 long", 35, 25), RC_L("line oct2 long", 25, 35), RC_L("line oct3 long", 15, 35),
  RC_L("line oct4 long", 5, 25), RC_L("line oct5 long", 5, 15), RC_L("line oct6 long", 15, 5),
  RC_L("line oct7 long", 25, 5), RC_L("line oct8 long", 35, 15),
  RC_L("line tie +10+5", 30, 25), RC_L("line tie +5+10", 25, 30), RC_L("line tie -5+10", 15, 30),
  RC_L("line tie -10+5", 10, 25), RC_L("line tie -10-5", 10, 15), RC_L("line tie -5-10", 15, 10),
  RC_L("line tie +5-10", 25, 10), RC_L("line tie +10-5", 30, 15),
  RC_L("line short +3+1", 23, 21), RC_L("line short +1+3", 21, 23), RC_L("line short -1+3", 19, 23),
  RC_L("line short -3+1", 17, 21), RC_L("line short -3-1", 17, 19), RC_L("line short -1-3", 19, 17),
  RC_L("line short +1-3", 21, 17), RC_L("line short +3-1", 23, 19),
  RC_L("line east", 35, 20), RC_L("line west", 5, 20), RC_L("line south", 20, 35), RC_L("line north", 20, 5),
  RC_L("line diag se", 32, 32), RC_L("line diag sw", 8, 32), RC_L("line diag nw", 8, 8),
  RC_L("line diag ne", 32, 8), RC_L("line one pixel", 21, 20), RC_L("line empty", 20, 20),
  RC_PL("polyline solid", RC_SOLID, 1, 0),

  /* Styled cosmetic pens: the pattern runs on across the polyline's segments; gaps in the bk colour. */
  RC_PL("polyline dash", RC_DASH, 1, 0), RC_PL("polyline dot", RC_DOT, 1, 0),
  RC_PL("polyline dashdot", RC_DASHDOT, 1, 0), RC_PL("polyline dashdotdot", RC_DASHDOTDOT, 1, 0),
  RC_LS("line dash west", RC_DASH, 1, 0, 37, 20, 2, 20), RC_LS("line dot north", RC_DOT, 1, 0, 20, 37, 20, 2),
  RC_LS("line dashdot diag", RC_DASHDOT, 1, 0, 37, 2, 2, 30),
  RC_PL("polyline ext cosmetic dash", RC_DASH, 1, 1), RC_PL("polyline null", RC_NULL, 1, 0),
  RC_PL("polyline insideframe 1", RC_INSIDEFRAME, 1, 0), RC_PL("polyline wide dash", RC_DASH, 3, 0),

  /* Wide pens: CreatePen's round caps and joins, then ExtCreatePen's caps and joins. */
  RC_LS("line w2 east", RC_SOLID, 2, 0, 5, 20, 35, 20), RC_LS("line w3 south", RC_SOLID, 3, 0, 20, 5, 20, 35),
  RC_LS("line w5 west", RC_SOLID, 5, 0, 35, 20, 5, 20), RC_LS("line w2 diag", RC_SOLID, 2, 0, 5, 8, 33, 30),
  RC_LS("line w3 steep", RC_SOLID, 3, 0, 30, 5, 18, 35), RC_LS("line w5 diag", RC_SOLID, 5, 0, 33, 30, 6, 10),
  RC_LS("line w4 shallow", RC_SOLID, 4, 0, 4, 30, 36, 12), RC_LS("line w5 one pixel", RC_SOLID, 5, 0, 20, 20, 21, 20),
  RC_PL("polyline w2", RC_SOLID, 2, 0), RC_PL("polyline w3", RC_SOLID, 3, 0), RC_PL("polyline w5", RC_SOLID, 5, 0),
  RC_PL("polyline w3 flat bevel", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL), 3, 1),
  RC_PL("polyline w5 flat bevel", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL), 5, 1),
  RC_PL("polyline w5 square miter", RC_GEO(RC_CAP_SQUARE, RC_JOIN_MITER), 5, 1),
  RC_PL("polyline w3 square round", RC_GEO(RC_CAP_SQUARE, RC_JOIN_ROUND), 3, 1),
  RC_PL("polyline w4 flat miter", RC_GEO(RC_CAP_FLAT, RC_JOIN_MITER), 4, 1),
  RC_PL("polyline w5 round round ext", RC_GEO(RC_CAP_ROUND, RC_JOIN_ROUND), 5, 1),
  RC_LS("line w5 square diag", RC_GEO(RC_CAP_SQUARE, RC_JOIN_ROUND), 5, 1, 8, 30, 30, 10),
  RC_LS("line w1 geometric", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL), 1, 1, 4, 30, 36, 12),
  RC_LS("line w1 geometric steep", RC_GEO(RC_CAP_ROUND, RC_JOIN_ROUND), 1, 1, 30, 5, 18, 35),
  RC_LS("line w1 geometric north", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL), 1, 1, 10, 30, 10, 5),
  RC_PL("polyline geometric w1", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL), 1, 1),
  RC_PL("polyline geometric dash w1", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL) | RC_DASH, 1, 1),
  RC_PL("polyline geometric dash w3 flat", RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL) | RC_DASH, 3, 1),
  RC_PL("polyline geometric dot w3 round", RC_GEO(RC_CAP_ROUND, RC_JOIN_ROUND) | RC_DOT, 3, 1),

  /* Rectangles: Windows' right/bottom edges, brush inside the pen, NULL and wide and inside-frame pens. */
  RC_SH("rect 0,0,10,10 brush", RC_RECT, RC_SOLID, 1, 1, 0, 0, 0, 10, 10),
  RC_SH("rect null pen brush", RC_RECT, RC_NULL, 1, 1, 0, 5, 5, 15, 15),
  RC_SH("rect reversed", RC_RECT, RC_SOLID, 1, 1, 0, 30, 25, 4, 6),
  RC_SH("rect w3 brush", RC_RECT, RC_SOLID, 3, 1, 0, 5, 5, 30, 20),
  RC_SH("rect w4 no brush", RC_RECT, RC_SOLID, 4, 0, 0, 5, 5, 30, 20),
  RC_SH("rect insideframe w5", RC_RECT, RC_INSIDEFRAME, 5, 1, 0, 5, 5, 30, 25),
  RC_SH("rect insideframe w4", RC_RECT, RC_INSIDEFRAME, 4, 1, 0, 5, 5, 30, 25),
  RC_SH("rect dash brush", RC_RECT, RC_DASH, 1, 1, 0, 2, 2, 38, 30),
  RC_SH("rect dot clockwise", RC_RECT, RC_DOT, 1, 0, 1, 2, 2, 38, 30),
  RC_SH("rect 1x1", RC_RECT, RC_SOLID, 1, 1, 0, 5, 5, 6, 6), RC_SH("rect 2x2", RC_RECT, RC_SOLID, 1, 1, 0, 5, 5, 7, 7),
  RC_SH("rect 3x3", RC_RECT, RC_SOLID, 1, 1, 0, 5, 5, 8, 8),
  RC_SH("rect empty", RC_RECT, RC_SOLID, 1, 1, 0, 5, 5, 5, 8),

  /* Ellipses: odd, even and tiny sizes. */
  RC_SH("ellipse 10x10", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 2, 2, 12, 12),
  RC_SH("ellipse 11x11", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 2, 2, 13, 13),
  RC_SH("ellipse 30x17", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 4, 10, 34, 27),
  RC_SH("ellipse 17x30", RC_ELLIPSE, RC_SOLID, 1, 0, 0, 10, 4, 27, 34),
  RC_SH("ellipse 36x36", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 2, 2, 38, 38),
  RC_SH("ellipse 1x1", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 5, 5, 6, 6),
  RC_SH("ellipse 2x2", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 5, 5, 7, 7),
  RC_SH("ellipse 3x3", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 5, 5, 8, 8),
  RC_SH("ellipse 4x5", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 5, 5, 9, 10),
  RC_SH("ellipse 5x2", RC_ELLIPSE, RC_SOLID, 1, 1, 0, 5, 5, 10, 7),
  RC_SH("ellipse null pen", RC_ELLIPSE, RC_NULL, 1, 1, 0, 4, 4, 25, 19),
  RC_SH("ellipse w3", RC_ELLIPSE, RC_SOLID, 3, 1, 0, 4, 4, 34, 30),
  RC_SH("ellipse w5 no brush", RC_ELLIPSE, RC_SOLID, 5, 0, 0, 4, 4, 34, 30),
  RC_SH("ellipse insideframe w4", RC_ELLIPSE, RC_INSIDEFRAME, 4, 1, 0, 4, 4, 34, 30),
  RC_SH("ellipse dash", RC_ELLIPSE, RC_DASH, 1, 1, 0, 2, 2, 38, 36),
  RC_SH("ellipse dashdot clockwise", RC_ELLIPSE, RC_DASHDOT, 1, 0, 1, 2, 2, 38, 36),

  /* Rounded rectangles. */
  RC_RR("roundrect 10x8", RC_SOLID, 1, 1, 2, 2, 35, 25, 10, 8),
  RC_RR("roundrect 7x13", RC_SOLID, 1, 1, 2, 2, 35, 25, 7, 13),
  RC_RR("roundrect corner 2", RC_SOLID, 1, 1, 2, 2, 20, 20, 2, 6),
  RC_RR("roundrect corner too big", RC_SOLID, 1, 1, 2, 2, 20, 30, 40, 50),
  RC_RR("roundrect null pen", RC_NULL, 1, 1, 2, 2, 35, 25, 12, 12),
  RC_RR("roundrect w3", RC_SOLID, 3, 1, 3, 3, 35, 30, 14, 10),
  RC_RR("roundrect dot", RC_DOT, 1, 0, 2, 2, 35, 25, 16, 16),

  /* Arcs, chords and pies, both directions. */
  RC_ARC("arc ne quarter", RC_ARC, RC_SOLID, 1, 0, 0, 4, 4, 36, 30, 36, 4, 20, 0),
  RC_ARC("arc ne quarter cw", RC_ARC, RC_SOLID, 1, 0, 1, 4, 4, 36, 30, 36, 4, 20, 0),
  RC_ARC("arc wide span", RC_ARC, RC_SOLID, 1, 0, 0, 4, 4, 36, 30, 38, 20, 30, 38),
  RC_ARC("arc wide span cw", RC_ARC, RC_SOLID, 1, 0, 1, 4, 4, 36, 30, 38, 20, 30, 38),
  RC_ARC("arc full circle", RC_ARC, RC_SOLID, 1, 0, 0, 5, 5, 25, 25, 30, 15, 30, 15),
  RC_ARC("arc odd 11x9", RC_ARC, RC_SOLID, 1, 0, 0, 10, 10, 21, 19, 10, 10, 21, 19),
  RC_ARC("arc dash", RC_ARC, RC_DASH, 1, 0, 0, 2, 2, 38, 38, 0, 20, 20, 0),
  RC_ARC("arc w3", RC_ARC, RC_SOLID, 3, 0, 0, 4, 4, 36, 30, 36, 4, 4, 30),
  RC_ARC("chord", RC_CHORD, RC_SOLID, 1, 1, 0, 4, 4, 36, 30, 36, 4, 4, 30),
  RC_ARC("chord cw", RC_CHORD, RC_SOLID, 1, 1, 1, 4, 4, 36, 30, 36, 4, 4, 30),
  RC_ARC("chord small", RC_CHORD, RC_SOLID, 1, 1, 0, 4, 4, 36, 30, 0, 30, 40, 30),
  RC_ARC("chord null pen", RC_CHORD, RC_NULL, 1, 1, 0, 4, 4, 36, 30, 36, 4, 4, 30),
  RC_ARC("chord w3", RC_CHORD, RC_SOLID, 3, 1, 0, 4, 4, 36, 30, 20, 0, 36, 30),
  RC_ARC("pie", RC_PIE, RC_SOLID, 1, 1, 0, 4, 4, 36, 30, 36, 10, 10, 0),
  RC_ARC("pie cw", RC_PIE, RC_SOLID, 1, 1, 1, 4, 4, 36, 30, 36, 10, 10, 0),
  RC_ARC("pie three quarters", RC_PIE, RC_SOLID, 1, 1, 0, 4, 4, 36, 36, 20, 0, 40, 20),
  RC_ARC("pie dashdotdot", RC_PIE, RC_DASHDOTDOT, 1, 1, 0, 2, 2, 38, 38, 38, 38, 2, 38),
  RC_ARC("pie w5", RC_PIE, RC_SOLID, 5, 1, 1, 4, 4, 36, 36, 20, 0, 40, 20),
  RC_ARC("pie insideframe w4", RC_PIE, RC_INSIDEFRAME, 4, 1, 0, 4, 4, 36, 36, 0, 0, 40, 40),

  /* Polygons: concave, self-intersecting in both fill modes, two polygons, wide outline. */
  { "polygon concave", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 1, 7, {7},
    {{3, 3}, {36, 3}, {36, 36}, {20, 15}, {3, 36}, {10, 20}, {3, 12}} },
  { "polygon star alternate", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 1, 5, {5},
    {{20, 2}, {31, 37}, {2, 14}, {38, 14}, {9, 37}} },
  { "polygon star winding", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 2, 5, {5},
    {{20, 2}, {31, 37}, {2, 14}, {38, 14}, {9, 37}} },
  { "polygon star null pen", RC_POLYGON, RC_NULL, 1, 0, 1, 0, 2, 5, {5},
    {{20, 2}, {31, 37}, {2, 14}, {38, 14}, {9, 37}} },
  { "polypolygon alternate", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 1, 8, {4, 4},
    {{2, 2}, {25, 2}, {25, 25}, {2, 25}, {12, 12}, {37, 12}, {37, 37}, {12, 37}} },
  { "polypolygon winding", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 2, 8, {4, 4},
    {{2, 2}, {25, 2}, {25, 25}, {2, 25}, {12, 12}, {37, 12}, {37, 37}, {12, 37}} },
  { "polypolygon winding opposed", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 2, 8, {4, 4},
    {{2, 2}, {25, 2}, {25, 25}, {2, 25}, {12, 12}, {12, 37}, {37, 37}, {37, 12}} },
  { "polygon triangle dash", RC_POLYGON, RC_DASH, 1, 0, 1, 0, 1, 3, {3}, {{4, 35}, {20, 3}, {37, 30}} },
  { "polygon w3", RC_POLYGON, RC_SOLID, 3, 0, 1, 0, 1, 5, {5}, {{5, 5}, {34, 8}, {28, 33}, {17, 20}, {6, 30}} },
  { "polygon w4 miter", RC_POLYGON, RC_GEO(RC_CAP_FLAT, RC_JOIN_MITER), 4, 1, 1, 0, 1, 4, {4},
    {{6, 6}, {34, 10}, {20, 33}, {14, 18}} },
  { "polygon geometric dash w3", RC_POLYGON, RC_GEO(RC_CAP_FLAT, RC_JOIN_MITER) | RC_DASH, 3, 1, 1, 0, 1, 4, {4},
    {{5, 5}, {34, 8}, {28, 33}, {6, 30}} },
  { "polygon repeated first point w3", RC_POLYGON, RC_GEO(RC_CAP_FLAT, RC_JOIN_BEVEL), 3, 1, 1, 0, 1, 5, {5},
    {{5, 5}, {34, 8}, {28, 33}, {6, 30}, {5, 5}} },
  { "rect geometric dashdot w3 square", RC_RECT, RC_GEO(RC_CAP_SQUARE, RC_JOIN_BEVEL) | RC_DASHDOT, 3, 1, 1, 0, 1, 2,
    {0}, {{4, 4}, {36, 30}} },
  { "ellipse geometric dot w3 round", RC_ELLIPSE, RC_GEO(RC_CAP_ROUND, RC_JOIN_ROUND) | RC_DOT, 3, 1, 0, 0, 1, 2,
    {0}, {{4, 4}, {36, 36}} },
  { "polyline miter past limit", RC_POLYLINE, RC_GEO(RC_CAP_FLAT, RC_JOIN_MITER), 3, 1, 0, 0, 1, 3, {0},
    {{3, 5}, {36, 9}, {3, 13}} },
  { "polyline miter within limit", RC_POLYLINE, RC_GEO(RC_CAP_FLAT, RC_JOIN_MITER), 3, 1, 0, 0, 1, 3, {0},
    {{3, 5}, {36, 12}, {3, 30}} },
  RC_PL("polyline w6", RC_SOLID, 6, 0),
  RC_PL("polyline alternate", 8, 1, 1),
  { "polygon two points", RC_POLYGON, RC_SOLID, 1, 0, 1, 0, 1, 2, {2}, {{4, 4}, {30, 20}} },
};

#endif
