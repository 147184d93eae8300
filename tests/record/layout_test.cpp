#include "record/layout.hpp"

#include <gtest/gtest.h>

namespace meet::record {

void PrintTo(const Rect& r, std::ostream* os) {
  *os << "{" << r.x << "," << r.y << " " << r.w << "x" << r.h << "}";
}

namespace {

bool inside(const Rect& r, int w, int h) {
  return r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0 && r.x + r.w <= w && r.y + r.h <= h;
}
bool overlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
bool even(const Rect& r) {
  return r.x % 2 == 0 && r.y % 2 == 0 && r.w % 2 == 0 && r.h % 2 == 0;
}

TEST(Layout, OneTileFillsTheCanvas) {
  EXPECT_EQ(layout_tiles(1, false, 1280, 720), (std::vector<Rect>{{0, 0, 1280, 720}}));
}

TEST(Layout, TwoSideBySide) {
  EXPECT_EQ(layout_tiles(2, false, 1280, 720),
            (std::vector<Rect>{{0, 180, 640, 360}, {640, 180, 640, 360}}));
}

TEST(Layout, FourInTwoRows) {
  EXPECT_EQ(layout_tiles(4, false, 1280, 720),
            (std::vector<Rect>{
                {0, 0, 640, 360}, {640, 0, 640, 360}, {0, 360, 640, 360}, {640, 360, 640, 360}}));
}

TEST(Layout, ThreeCentresTheShortRow) {
  auto r = layout_tiles(3, false, 1280, 720);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2], (Rect{320, 360, 640, 360}));
}

TEST(Layout, NineAndSixteen) {
  auto nine = layout_tiles(9, false, 1280, 720);
  ASSERT_EQ(nine.size(), 9u);
  EXPECT_EQ(nine[0], (Rect{0, 2, 426, 238}));  // 3 x 238 = 714: centred
  EXPECT_EQ(nine[8], (Rect{852, 478, 426, 238}));
  auto sixteen = layout_tiles(16, false, 1280, 720);
  ASSERT_EQ(sixteen.size(), 16u);
  EXPECT_EQ(sixteen[0], (Rect{0, 0, 320, 180}));
  EXPECT_EQ(sixteen[15], (Rect{960, 540, 320, 180}));
}

TEST(Layout, ScreenShareLargeWithCamerasInAStrip) {
  auto r = layout_tiles(3, true, 1280, 720);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], (Rect{0, 0, 1024, 720}));
  for (size_t i = 1; i < r.size(); ++i) {
    EXPECT_EQ(r[i].w, 256);
    EXPECT_EQ(r[i].h, 144);
    EXPECT_EQ(r[i].x, 1024);
  }
  EXPECT_EQ(layout_tiles(0, true, 1280, 720), (std::vector<Rect>{{0, 0, 1280, 720}}));
}

TEST(Layout, EveryCountFitsWithoutOverlap) {
  for (bool screen : {false, true}) {
    for (size_t n = 0; n <= 25; ++n) {
      for (auto [w, h] : {std::pair{1280, 720}, {640, 360}, {1920, 1080}, {720, 1280}}) {
        auto r = layout_tiles(n, screen, w, h);
        ASSERT_EQ(r.size(), n + (screen ? 1 : 0)) << n;
        for (size_t i = 0; i < r.size(); ++i) {
          EXPECT_TRUE(inside(r[i], w, h)) << n << " " << i;
          EXPECT_TRUE(even(r[i])) << n << " " << i;
          for (size_t j = i + 1; j < r.size(); ++j) EXPECT_FALSE(overlap(r[i], r[j])) << n;
        }
      }
    }
  }
}

}  // namespace
}  // namespace meet::record
