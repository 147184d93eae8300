#include "record/layout.hpp"

#include <algorithm>
#include <cmath>

namespace meet::record {
namespace {

// Sizes: even and at least 2. Positions: even and at least 0.
int even(int v) {
  return std::max(2, v & ~1);
}
int even_pos(int v) {
  return std::max(0, v & ~1);
}

// Columns for n grid tiles: 1, 2 side by side, then the smallest square that holds them.
size_t grid_columns(size_t n) {
  if (n <= 2) return std::max<size_t>(n, 1);
  size_t c = 1;
  while (c * c < n) ++c;
  return c;
}

std::vector<Rect> grid(size_t n, int width, int height) {
  std::vector<Rect> out;
  if (n == 0) return out;
  int cols = static_cast<int>(grid_columns(n));
  int rows = static_cast<int>((n + cols - 1) / cols);
  // 16:9 tiles as large as fit the cell grid.
  int tw = std::min(width / cols, (height / rows) * 16 / 9);
  int th = even(tw * 9 / 16);
  tw = even(tw);
  int x0 = even_pos((width - tw * cols) / 2);
  int y0 = even_pos((height - th * rows) / 2);
  for (size_t i = 0; i < n; ++i) {
    int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
    // A short last row is centred too.
    int in_row = std::min<int>(cols, static_cast<int>(n) - r * cols);
    int xr = x0 + even_pos((cols - in_row) * tw / 2);
    out.push_back({xr + c * tw, y0 + r * th, tw, th});
  }
  return out;
}

std::vector<Rect> with_screen(size_t cameras, int width, int height) {
  std::vector<Rect> out;
  if (cameras == 0) {
    out.push_back({0, 0, even(width), even(height)});
    return out;
  }
  // The strip is a fifth of the width; its tiles are 16:9, smaller when many do not fit.
  int sw = even(width / 5);
  int th = even(sw * 9 / 16);
  int n = static_cast<int>(cameras);
  if (th * n > height) th = even(height / n);
  int tw = std::min(sw, even(th * 16 / 9));
  out.push_back({0, 0, even(width - sw), even(height)});
  int y0 = even_pos((height - th * n) / 2);
  int x = even_pos(width - sw + (sw - tw) / 2);
  for (int i = 0; i < n; ++i) out.push_back({x, y0 + i * th, tw, th});
  return out;
}

}  // namespace

std::vector<Rect> layout_tiles(size_t cameras, bool screen, int width, int height) {
  return screen ? with_screen(cameras, width, height) : grid(cameras, width, height);
}

}  // namespace meet::record
