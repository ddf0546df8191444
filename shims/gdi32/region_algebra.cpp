// GDI32's region algebra (see region_algebra.h): the band sweep that combines two regions, the scan
// conversion of polygons and the row-by-row construction of ellipses and round rectangles. Each follows
// the steps whose results GDI32 shows (wine's region code, which copies Windows' observable behaviour),
// because callers see more than the pixel set: GetRegionData's rectangle list depends on where bands
// were cut and which of them were coalesced.
#include "shims/gdi32/region_algebra.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace polyrun::shims::gdi32 {

namespace {

// Coordinates wrap as 32-bit values do in GDI32 (an offset past the range does not trap).
int32_t wrap_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

// GDI32's overlap test for two boxes: strict on every side, so a box with no width still overlaps a box
// that holds its line strictly inside.
bool boxes_overlap(const Rect& a, const Rect& b) {
  return a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
}

// A band of a region's rectangle list: the rectangles from `begin` on that share its top.
size_t band_end(const std::vector<Rect>& rs, size_t begin) {
  size_t end = begin;
  while (end < rs.size() && rs[end].top == rs[begin].top) ++end;
  return end;
}

// Merges the band just added at `cur` (the first `count` rectangles of `rs` hold the region so far) into
// the band that starts at `prev` and ends at `cur`, when the two touch and have the same x-spans. More
// than one band may have been added; only the first is considered (those after it were coalesced where
// they came from). Answers where the band to compare the next addition with starts: the merged band, the
// new one, or the last of several new ones (its index as it was before any merge moved it, as GDI32's
// answer is; only the scan conversion of an open outline ever adds several bands and merges).
size_t coalesce(std::vector<Rect>& rs, size_t& count, size_t prev, size_t cur) {
  if (cur >= count) return cur;
  size_t first_end = cur;
  while (first_end < count && rs[first_end].top == rs[cur].top) ++first_end;
  const size_t added = first_end - cur;
  size_t next_prev = cur;
  if (first_end != count) {
    next_prev = count - 1;
    while (rs[next_prev - 1].top == rs[next_prev].top) --next_prev;
  }
  if (added != cur - prev || rs[prev].bottom != rs[cur].top) return next_prev;
  for (size_t i = 0; i < added; ++i)
    if (rs[prev + i].left != rs[cur + i].left || rs[prev + i].right != rs[cur + i].right) return next_prev;
  for (size_t i = 0; i < added; ++i) rs[prev + i].bottom = rs[cur + i].bottom;
  std::copy(rs.begin() + static_cast<ptrdiff_t>(first_end), rs.begin() + static_cast<ptrdiff_t>(count),
            rs.begin() + static_cast<ptrdiff_t>(cur));
  count -= added;
  return first_end == count + added ? prev : next_prev;
}

// The output of a band sweep: rectangles appended band by band, each band coalesced with the one before
// it as it is finished.
struct BandWriter {
  std::vector<Rect> rects;
  size_t prev = 0;  // start of the band the next one is compared with

  void add(int32_t left, int32_t top, int32_t right, int32_t bottom) { rects.push_back({left, top, right, bottom}); }
  // Copies a band's x-spans over [top, bottom).
  void copy(const Rect* r, const Rect* end, int32_t top, int32_t bottom) {
    for (; r != end; ++r) add(r->left, top, r->right, bottom);
  }
  void finish_band(size_t start) {
    if (rects.size() == start) return;
    size_t count = rects.size();
    prev = coalesce(rects, count, prev, start);
    rects.resize(count);
  }
};

enum class SweepOp { Intersect, Unite, Subtract };

// The part of a band where both regions have rectangles, over [top, bottom).
void overlap_band(BandWriter& out, SweepOp op, const Rect* a, const Rect* a_end, const Rect* b, const Rect* b_end,
                  int32_t top, int32_t bottom) {
  switch (op) {
    case SweepOp::Intersect:
      // Walk both span lists; the span ending first cannot meet anything further right in the other.
      while (a != a_end && b != b_end) {
        const int32_t left = std::max(a->left, b->left), right = std::min(a->right, b->right);
        if (left < right) out.add(left, top, right, bottom);
        if (a->right < b->right) {
          ++a;
        } else if (b->right < a->right) {
          ++b;
        } else {
          ++a;
          ++b;
        }
      }
      return;
    case SweepOp::Unite: {
      // Take spans in order of their left edges (the second region's first on a tie) and grow the last
      // span of this band over each one that touches or overlaps it.
      const size_t band_start = out.rects.size();
      auto take = [&](const Rect& r) {
        if (out.rects.size() > band_start && out.rects.back().right >= r.left) {
          out.rects.back().right = std::max(out.rects.back().right, r.right);
        } else {
          out.add(r.left, top, r.right, bottom);
        }
      };
      while (a != a_end || b != b_end) {
        if (b == b_end || (a != a_end && a->left < b->left)) {
          take(*a++);
        } else {
          take(*b++);
        }
      }
      return;
    }
    case SweepOp::Subtract: {
      // `from` is the leftmost x of the current minuend span not yet settled: subtrahend spans that
      // reach it push it right, the ones starting past it leave a piece behind.
      int32_t from = a->left;
      auto next_minuend = [&] {
        if (++a != a_end) from = a->left;
      };
      while (a != a_end && b != b_end) {
        if (b->right <= from) {
          ++b;  // wholly left of what is left of this minuend
        } else if (b->left <= from || b->left < a->right) {
          if (b->left > from) out.add(from, top, b->left, bottom);
          from = b->right;
          if (from >= a->right) {
            next_minuend();
          } else {
            ++b;  // covered only part: the next subtrahend may cut the rest
          }
        } else {
          if (a->right > from) out.add(from, top, a->right, bottom);
          next_minuend();
        }
      }
      for (; a != a_end; next_minuend()) out.add(from, top, a->right, bottom);
      return;
    }
  }
}

// Combines two non-empty regions band by band. Between consecutive y boundaries of either region the
// part covered by one region alone is kept (or not, per operation) as it is, and the part covered by
// both goes through overlap_band; each finished band is coalesced with the one above it. Once one
// region runs out, the other's remaining bands are copied and only the first of them is coalesced, as
// GDI32 does (it matters for the row-built shapes, whose rows come out as they went in).
std::vector<Rect> sweep(const std::vector<Rect>& ra, const Rect& box_a, const std::vector<Rect>& rb, const Rect& box_b,
                        SweepOp op) {
  const bool keep_a_alone = op != SweepOp::Intersect;
  const bool keep_b_alone = op == SweepOp::Unite;
  BandWriter out;
  out.rects.reserve(2 * std::max(ra.size(), rb.size()));
  size_t ia = 0, ib = 0;
  // The bottom of the last stretch handled: the part of a band above it has been dealt with.
  int32_t done = std::min(box_a.top, box_b.top);
  while (ia < ra.size() && ib < rb.size()) {
    const size_t ea = band_end(ra, ia), eb = band_end(rb, ib);
    const Rect &a = ra[ia], &b = rb[ib];
    int32_t both_from;
    size_t start = out.rects.size();
    if (a.top < b.top) {
      const int32_t top = std::max(a.top, done), bottom = std::min(a.bottom, b.top);
      if (top != bottom && keep_a_alone) out.copy(&ra[ia], ra.data() + ea, top, bottom);
      both_from = b.top;
    } else if (b.top < a.top) {
      const int32_t top = std::max(b.top, done), bottom = std::min(b.bottom, a.top);
      if (top != bottom && keep_b_alone) out.copy(&rb[ib], rb.data() + eb, top, bottom);
      both_from = a.top;
    } else {
      both_from = a.top;
    }
    out.finish_band(start);
    done = std::min(a.bottom, b.bottom);
    start = out.rects.size();
    if (done > both_from) overlap_band(out, op, &ra[ia], ra.data() + ea, &rb[ib], rb.data() + eb, both_from, done);
    out.finish_band(start);
    // (a and b refer into the lists, which do not move; read their bottoms before advancing.)
    const bool a_done = a.bottom == done, b_done = b.bottom == done;
    if (a_done) ia = ea;
    if (b_done) ib = eb;
  }
  const size_t start = out.rects.size();
  auto copy_rest = [&](const std::vector<Rect>& rs, size_t i) {
    while (i < rs.size()) {
      const size_t e = band_end(rs, i);
      out.copy(&rs[i], rs.data() + e, std::max(rs[i].top, done), rs[i].bottom);
      i = e;
    }
  };
  if (ia < ra.size()) {
    if (keep_a_alone) copy_rest(ra, ia);
  } else if (ib < rb.size() && keep_b_alone) {
    copy_rest(rb, ib);
  }
  out.finish_band(start);
  return std::move(out.rects);
}

// ---- Polygons ----

// One polygon edge as the scan conversion walks it down, one scanline at a time: its x on the current
// scanline comes from an integer line stepper (y the major axis) that takes, for the left and right
// edges alike, the first pixel centre at or right of the true crossing.
struct Edge {
  int64_t x = 0;        // x on the current scanline
  int64_t step = 0;     // whole pixels x moves per scanline
  int64_t step_up = 0;  // step one further from zero, taken when the error term says so
  int64_t err = 0;      // decision term
  int64_t grow_up = 0, grow = 0;  // what the two steps add to the term
  int32_t last_y = 0;   // the last scanline the edge crosses (its lower end's scanline is not its own)
  bool downward = false;  // runs from its first point down to its second (for the winding count)

  void start(int64_t dy, int64_t x_top, int64_t x_bottom) {
    x = x_top;
    const int64_t dx = x_bottom - x_top;
    step = dx / dy;  // rounded towards zero
    if (dx < 0) {
      step_up = step - 1;
      grow_up = -2 * dx + 2 * dy * step_up;
      grow = -2 * dx + 2 * dy * step;
      err = 2 * step * dy - 2 * dx - 2 * dy;
    } else {
      step_up = step + 1;
      grow_up = 2 * dx - 2 * dy * step_up;
      grow = 2 * dx - 2 * dy * step;
      err = -2 * step * dy + 2 * dx;
    }
  }
  void advance() {
    // Rightward edges step further only past the midpoint, leftward ones already at it.
    const bool further = step_up > 0 ? err > 0 : err >= 0;
    x += further ? step_up : step;
    err += further ? grow_up : grow;
  }
};

// Scan conversion's output as GDI32 keeps it while converting: `count` finished rectangles, and in the
// slot after them the one being opened (its left edge found, its right one not yet). Coalescing moves
// finished rectangles down without touching that slot, as GDI32's does.
struct ScanOutput {
  std::vector<Rect> slots{Rect{}};
  size_t count = 0;
  Rect& open() {
    if (slots.size() <= count) slots.resize(count + 1);
    return slots[count];
  }
};

Region rect_region_swapped(int64_t left, int64_t top, int64_t right, int64_t bottom) {
  // CreateRectRgn's rules: reversed edges swap, and no width or height gives the empty region.
  if (left > right) std::swap(left, right);
  if (top > bottom) std::swap(top, bottom);
  return Region(Rect{static_cast<int32_t>(left), static_cast<int32_t>(top), static_cast<int32_t>(right),
                     static_cast<int32_t>(bottom)});
}

}  // namespace

Region::Region(const Rect& r) {
  if (r.empty()) return;
  rects_.push_back(r);
  bounds_ = r;
}

Rect Region::measure(const std::vector<Rect>& rects) {
  if (rects.empty()) return {};
  Rect box{rects.front().left, rects.front().top, rects.back().right, rects.back().bottom};
  for (const Rect& r : rects) {
    box.left = std::min(box.left, r.left);
    box.right = std::max(box.right, r.right);
  }
  return box;
}

int Region::kind() const { return rects_.empty() ? 1 : rects_.size() == 1 ? 2 : 3; }

bool Region::contains(int32_t x, int32_t y) const {
  if (rects_.empty() || !bounds_.contains(x, y)) return false;
  // Bottoms never decrease along the list: skip the bands above y, then look at those that reach it.
  auto it = std::partition_point(rects_.begin(), rects_.end(), [y](const Rect& r) { return r.bottom <= y; });
  for (; it != rects_.end() && it->top <= y; ++it)
    if (it->contains(x, y)) return true;
  return false;
}

bool Region::intersects(const Rect& r) const {
  Rect probe = r;
  if (probe.left > probe.right) std::swap(probe.left, probe.right);
  if (probe.top > probe.bottom) std::swap(probe.top, probe.bottom);
  if (rects_.empty() || !boxes_overlap(bounds_, probe)) return false;
  // GDI32 first looks the top-left corner up, which answers for a rectangle of no width or height too.
  if (contains(probe.left, probe.top)) return true;
  auto it = std::partition_point(rects_.begin(), rects_.end(), [&](const Rect& x) { return x.bottom <= probe.top; });
  for (; it != rects_.end() && it->top < probe.bottom; ++it)
    if (boxes_overlap(*it, probe)) return true;
  return false;
}

void Region::offset(int32_t dx, int32_t dy) {
  if (rects_.empty() || (dx == 0 && dy == 0)) return;
  auto move = [&](Rect& r) {
    r = {wrap_add(r.left, dx), wrap_add(r.top, dy), wrap_add(r.right, dx), wrap_add(r.bottom, dy)};
  };
  for (Rect& r : rects_) move(r);
  move(bounds_);
}

bool Region::operator==(const Region& o) const {
  if (rects_.size() != o.rects_.size()) return false;
  return rects_.empty() || (bounds_ == o.bounds_ && rects_ == o.rects_);
}

Region Region::unite(const Region& a, const Region& b, bool same) {
  // GDI32's shortcuts copy an operand unchanged (rows and all) where the union is plainly one of them.
  if (same || a.empty()) return b;
  if (b.empty()) return a;
  auto covers = [](const Region& big, const Region& small) {
    const Rect &o = big.bounds_, &i = small.bounds_;
    return big.rects_.size() == 1 && o.left <= i.left && o.top <= i.top && o.right >= i.right && o.bottom >= i.bottom;
  };
  if (covers(a, b)) return a;
  if (covers(b, a)) return b;
  // The box is the operands' boxes together, not measured again.
  return Region(sweep(a.rects_, a.bounds_, b.rects_, b.bounds_, SweepOp::Unite), a.bounds_.bounds(b.bounds_));
}

Region Region::subtract(const Region& a, const Region& b) {
  if (a.empty() || b.empty() || !boxes_overlap(a.bounds_, b.bounds_)) return a;
  std::vector<Rect> rects = sweep(a.rects_, a.bounds_, b.rects_, b.bounds_, SweepOp::Subtract);
  const Rect box = measure(rects);
  return Region(std::move(rects), box);
}

Region Region::combine(const Region& a, const Region& b, Op op) {
  switch (op) {
    case Op::And: {
      if (a.empty() || b.empty() || !boxes_overlap(a.bounds_, b.bounds_)) return Region();
      std::vector<Rect> rects = sweep(a.rects_, a.bounds_, b.rects_, b.bounds_, SweepOp::Intersect);
      const Rect box = measure(rects);
      return Region(std::move(rects), box);
    }
    case Op::Or:
      return unite(a, b, &a == &b);
    case Op::Xor:
      // Each side's own part, then their union (the two parts never share a pixel).
      return unite(subtract(a, b), subtract(b, a), false);
    case Op::Diff:
      return subtract(a, b);
    case Op::Copy:
      return a;
  }
  return Region();
}

Region Region::from_rects(const std::vector<Rect>& rects) {
  // Unions of whole regions are canonical, so the order they are taken in does not change the result:
  // pair them up level by level (n log n) rather than adding one rectangle at a time to a growing region.
  std::vector<Region> level;
  level.reserve(rects.size());
  for (const Rect& r : rects)
    if (!r.empty()) level.emplace_back(r);
  if (level.empty()) return Region();
  while (level.size() > 1) {
    std::vector<Region> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(unite(level[i], level[i + 1], false));
    if (level.size() % 2) next.push_back(std::move(level.back()));
    level = std::move(next);
  }
  return std::move(level.front());
}

Region Region::polygon(const Point* points, const int32_t* counts, size_t polygons, int fill_mode) {
  if (polygons == 0) return Region();
  // One axis-aligned rectangle (four corners, or five with the first repeated) is made directly.
  if (polygons == 1 && (counts[0] == 4 || (counts[0] == 5 && points[4] == points[0]))) {
    const Point* p = points;
    const bool horizontal_first = p[0].y == p[1].y && p[1].x == p[2].x && p[2].y == p[3].y && p[3].x == p[0].x;
    const bool vertical_first = p[0].x == p[1].x && p[1].y == p[2].y && p[2].x == p[3].x && p[3].y == p[0].y;
    if (horizontal_first || vertical_first)
      return Region(Rect{std::min(p[0].x, p[2].x), std::min(p[0].y, p[2].y), std::max(p[0].x, p[2].x),
                         std::max(p[0].y, p[2].y)});
  }

  // The edge table: every non-horizontal edge, from its upper end. A polygon's edges run from its last
  // point to its first, then along its points. Its points are consumed only by polygons of two or more
  // points, while the closing point is found from the counts (so a shorter one shifts the points the
  // next polygons read; GDI32 behaves so).
  std::vector<Edge> edges;
  std::vector<int32_t> edge_top;  // the scanline each edge starts on
  int64_t ymin = std::numeric_limits<int64_t>::max(), ymax = std::numeric_limits<int64_t>::min();
  uint64_t scanlines = 0;
  const Point* next = points;
  const Point* closing = points - 1;
  for (size_t poly = 0; poly < polygons; ++poly) {
    const int32_t n = counts[poly];
    closing += n;
    if (n < 2) continue;
    const Point* prev = closing;
    for (int32_t i = 0; i < n; ++i) {
      const Point* cur = next++;
      const bool down = prev->y <= cur->y;
      const Point& upper = down ? *prev : *cur;
      const Point& lower = down ? *cur : *prev;
      prev = cur;
      if (upper.y == lower.y) continue;
      Edge e;
      e.downward = down;
      e.last_y = lower.y - 1;
      const int64_t dy = static_cast<int64_t>(lower.y) - upper.y;
      e.start(dy, upper.x, lower.x);
      // GDI32 counts the scanlines in 32 bits and makes an empty region when they overflow.
      scanlines += static_cast<uint64_t>(dy);
      if (scanlines > std::numeric_limits<uint32_t>::max()) return Region();
      edges.push_back(e);
      edge_top.push_back(upper.y);
      ymin = std::min<int64_t>(ymin, upper.y);
      ymax = std::max<int64_t>(ymax, lower.y);
    }
  }
  if (edges.empty()) return Region();

  // Edges enter the active list at their top scanline. Each scanline's entrants are first sorted among
  // themselves and then into the list, each placed before the first edge at or right of it: the order
  // of edges at one x decides where WINDING splits a span.
  std::vector<size_t> order(edges.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return edge_top[a] < edge_top[b]; });
  auto insert_at_x = [&](std::vector<size_t>& list, size_t e) {
    auto pos = std::find_if(list.begin(), list.end(), [&](size_t o) { return edges[o].x >= edges[e].x; });
    list.insert(pos, e);
  };

  const bool winding = fill_mode == 2;
  ScanOutput out;
  std::vector<size_t> active, entering;
  std::vector<bool> bounding;  // WINDING: which active edges bound a filled span
  size_t next_edge = 0, prev_band = 0, cur_band = 0;
  bool opening = true;  // the next bounding edge opens a span (carried across scanlines, as GDI32 does)
  for (int64_t y64 = ymin; y64 < ymax; ++y64) {
    const int32_t y = static_cast<int32_t>(y64);
    if (next_edge < order.size() && edge_top[order[next_edge]] == y) {
      entering.clear();
      for (; next_edge < order.size() && edge_top[order[next_edge]] == y; ++next_edge)
        insert_at_x(entering, order[next_edge]);
      for (size_t e : entering) insert_at_x(active, e);
    }

    if (winding) {
      // Walking right, an edge bounds a span where the winding count leaves zero or comes back to it.
      bounding.assign(active.size(), false);
      int depth = 0;
      bool outside = true;
      for (size_t i = 0; i < active.size(); ++i) {
        depth += edges[active[i]].downward ? 1 : -1;
        if (outside == (depth != 0)) {
          bounding[i] = true;
          outside = !outside;
        }
      }
    }
    for (size_t i = 0; i < active.size(); ++i) {
      if (winding && !bounding[i]) continue;
      const int32_t x = static_cast<int32_t>(edges[active[i]].x);
      Rect& open = out.open();
      if (opening) {
        open.left = x;
        open.top = y;
        if (!winding) open.bottom = y + 1;
      } else if (open.left != x) {
        if (winding) {
          open.right = x;
          open.bottom = y + 1;
          ++out.count;
        } else {
          // ALTERNATE joins a span to the one before it on this scanline when they touch.
          const Rect* last = out.count ? &out.slots[out.count - 1] : nullptr;
          const bool joins = last && last->top == y && last->right >= open.left;
          if (!joins) ++out.count;
          out.slots[out.count - 1].right = x;
        }
      }
      opening = !opening;
    }

    // Step to the next scanline: drop the edges that end here, move the others, and restore x order
    // (a stable insertion sort: an edge moves left only past edges strictly right of it).
    std::erase_if(active, [&](size_t e) { return edges[e].last_y == y; });
    for (size_t e : active) edges[e].advance();
    for (size_t i = 1; i < active.size(); ++i) {
      const size_t e = active[i];
      size_t j = i;
      while (j > 0 && edges[active[j - 1]].x > edges[e].x) {
        active[j] = active[j - 1];
        --j;
      }
      active[j] = e;
    }

    if (out.count) {
      prev_band = coalesce(out.slots, out.count, prev_band, cur_band);
      cur_band = out.count;
    }
  }
  out.slots.resize(out.count);
  Rect box;
  if (out.count) {
    box = {std::numeric_limits<int32_t>::max(), out.slots.front().top, std::numeric_limits<int32_t>::min(),
           out.slots.back().bottom};
    for (const Rect& r : out.slots) {
      box.left = std::min(box.left, r.left);
      box.right = std::max(box.right, r.right);
    }
  }
  return Region(std::move(out.slots), box);
}

Region Region::ellipse(const Rect& r) {
  // An ellipse is the round rectangle whose corner ellipse is the whole rectangle.
  return round_rect(r, static_cast<int32_t>(static_cast<uint32_t>(r.right) - static_cast<uint32_t>(r.left)),
                    static_cast<int32_t>(static_cast<uint32_t>(r.bottom) - static_cast<uint32_t>(r.top)));
}

Region Region::round_rect(const Rect& r, int32_t ellipse_width, int32_t ellipse_height) {
  int64_t left = r.left, top = r.top, right = r.right, bottom = r.bottom;
  if (left > right) std::swap(left, right);
  if (top > bottom) std::swap(top, bottom);
  // The region stops one pixel short of the right and bottom edges.
  --right;
  --bottom;
  const int64_t width = std::min(right - left, std::abs(static_cast<int64_t>(ellipse_width)));
  const int64_t height = std::min(bottom - top, std::abs(static_cast<int64_t>(ellipse_height)));
  // A corner ellipse too small to curve leaves the rectangle (with CreateRectRgn's rules, so an empty
  // rectangle's shortened edge swaps round: (0,0)-(0,10) gives (-1,0)-(0,9)).
  if (width < 2 || height < 2) return rect_region_swapped(left, top, right, bottom);

  // One row per scanline of the corner ellipse's height; the middle row stretches over the straight
  // sides. The lower half's spans come from a midpoint ellipse walk (Alois Zingl's, in 64-bit terms)
  // from the middle row down; the upper half mirrors them.
  struct Span {
    int64_t left, right;
    bool set;
  };
  std::vector<Span> spans(static_cast<size_t>(height), Span{0, 0, false});
  const int64_t a = width - 1, b = height - 1;
  const int64_t a_step = 8 * a * a, b_step = 8 * b * b;
  int64_t dx = 4 * b * b * (1 - a), dy = 4 * a * a * (1 + b % 2);
  int64_t err = dx + dy + a * a * (b % 2);
  int64_t x = 0, y = height / 2;
  spans[static_cast<size_t>(y)] = {left, right, true};
  while (x <= width / 2) {
    const int64_t e2 = 2 * err;
    if (e2 >= dx) {
      ++x;
      dx += b_step;
      err += dx;
    }
    if (e2 <= dy) {
      ++y;
      dy += a_step;
      err += dy;
      if (y < height) spans[static_cast<size_t>(y)] = {left + x, right - x, true};
    }
  }
  // A tall, narrow corner ellipse (height over about twice its width) ends its walk before the last
  // rows, which wine 8.0 then reads unwritten (no reference to follow): they keep the last span that had
  // pixels, ending the ellipse in a straight tip.
  Span carry = spans[static_cast<size_t>(height / 2)];
  for (size_t i = static_cast<size_t>(height / 2) + 1; i < spans.size(); ++i) {
    if (!spans[i].set) spans[i] = carry;
    if (spans[i].left < spans[i].right) carry = spans[i];
  }

  // The walk's last step can leave a row with no pixels (a corner ellipse 4 wide and 7 to 17 high): wine
  // lists it as a rectangle of no width; it is left out here (the pixels are the same, and every
  // rectangle of a region keeps some).
  std::vector<Rect> rects;
  rects.reserve(static_cast<size_t>(height));
  for (int64_t i = 0; i < height; ++i) {
    const Span& s = spans[static_cast<size_t>(i < height / 2 ? b - i : i)];
    // Rows run down from the top edge to the middle one, which stretches up over the straight sides,
    // and from there to the bottom edge.
    const int64_t row_top = i < height / 2 ? top + i : i == height / 2 ? top + height / 2 : bottom - height + i;
    const int64_t row_bottom = i < height / 2 ? row_top + 1 : bottom - height + i + 1;
    if (s.left < s.right)
      rects.push_back({static_cast<int32_t>(s.left), static_cast<int32_t>(row_top), static_cast<int32_t>(s.right),
                       static_cast<int32_t>(row_bottom)});
  }
  return Region(std::move(rects), Rect{static_cast<int32_t>(left), static_cast<int32_t>(top),
                                       static_cast<int32_t>(right), static_cast<int32_t>(bottom)});
}

}  // namespace polyrun::shims::gdi32
