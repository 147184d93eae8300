#include "record/layout_plan.hpp"

#include <gtest/gtest.h>

namespace meet::record {
namespace {

TimelineTrack video(size_t participant, Interval span, bool screen = false) {
  TimelineTrack t;
  t.participant = participant;
  t.video = true;
  t.screen = screen;
  t.file = "x.mkv";
  t.mapping.push_back({INT64_MIN, 0, 0});
  t.span = span;
  return t;
}

ManifestTimeline meeting() {
  ManifestTimeline tl;
  tl.duration_ms = 20'000;
  tl.participants.push_back({"a", "Alice", {{0, 20'000}}});
  tl.participants.push_back({"b", "Bob", {{5000, 20'000}}});
  tl.tracks.push_back(video(0, {0, 20'000}));
  tl.tracks.push_back(video(1, {5000, 20'000}));
  return tl;
}

TEST(LayoutPlan, FollowsALateJoiner) {
  auto segs = plan_layout(meeting(), 1280, 720, 30);
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0].start_frame, 0);
  EXPECT_EQ(segs[0].end_frame, 150);
  ASSERT_EQ(segs[0].tiles.size(), 1u);
  EXPECT_EQ(segs[0].tiles[0].label, "Alice");
  EXPECT_EQ(segs[0].tiles[0].videos, (std::vector<size_t>{0}));
  EXPECT_EQ(segs[0].tiles[0].rect, (Rect{0, 0, 1280, 720}));
  EXPECT_EQ(segs[1].end_frame, 600);
  ASSERT_EQ(segs[1].tiles.size(), 2u);
  EXPECT_EQ(segs[1].tiles[1].label, "Bob");
  EXPECT_EQ(segs[1].tiles[1].rect, (Rect{640, 180, 640, 360}));
}

TEST(LayoutPlan, TilesAreInOrderOfJoiningTheMeeting) {
  ManifestTimeline tl;
  tl.duration_ms = 20'000;
  // Listed in the order their first frames were captured, which is not the order they came,
  // and their first frames a few milliseconds apart.
  tl.participants.push_back({"c", "Carol", {{0, 20'000}}, 1'700'000'002'000});
  tl.participants.push_back({"a", "Alice", {{3, 20'000}}, 1'700'000'000'000});
  tl.participants.push_back({"b", "Bob", {{1, 20'000}}, 1'700'000'001'000});
  auto segs = plan_layout(tl, 1280, 720, 30);
  ASSERT_EQ(segs.size(), 1u);
  ASSERT_EQ(segs[0].tiles.size(), 3u);
  EXPECT_EQ(segs[0].tiles[0].label, "Alice");
  EXPECT_EQ(segs[0].tiles[1].label, "Bob");
  EXPECT_EQ(segs[0].tiles[2].label, "Carol");
}

TEST(LayoutPlan, AMutedCameraIsANameTile) {
  auto tl = meeting();
  tl.tracks[0].muted = {{8000, 12'000}};
  auto segs = plan_layout(tl, 1280, 720, 30);
  ASSERT_EQ(segs.size(), 4u);
  EXPECT_EQ(segs[2].start_frame, 240);
  EXPECT_EQ(segs[2].end_frame, 360);
  EXPECT_TRUE(segs[2].tiles[0].videos.empty());
  EXPECT_EQ(segs[3].tiles[0].videos, (std::vector<size_t>{0}));
}

TEST(LayoutPlan, AScreenShareTakesTheLargeTile) {
  auto tl = meeting();
  tl.tracks.push_back(video(1, {10'000, 15'000}, true));
  auto segs = plan_layout(tl, 1280, 720, 30);
  ASSERT_EQ(segs.size(), 4u);
  const auto& s = segs[2];
  ASSERT_EQ(s.tiles.size(), 3u);
  EXPECT_TRUE(s.tiles[0].screen);
  EXPECT_EQ(s.tiles[0].label, "Bob (screen)");
  EXPECT_EQ(s.tiles[0].videos, (std::vector<size_t>{2}));
  EXPECT_EQ(s.tiles[0].rect, (Rect{0, 0, 1024, 720}));
  EXPECT_EQ(s.tiles[1].rect.x, 1024);
  EXPECT_FALSE(segs[3].tiles[0].screen);
}

TEST(LayoutPlan, NobodyPresentIsAnEmptyCanvas) {
  ManifestTimeline tl;
  tl.duration_ms = 3000;
  auto segs = plan_layout(tl, 640, 360, 15);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].end_frame, 45);
  EXPECT_TRUE(segs[0].tiles.empty());
}

}  // namespace
}  // namespace meet::record
