// Sharing one subscriber's estimate among its tracks: audio first, then screen share, then
// camera video by tile size; hidden video paused; layers lowered to fit, never below the
// lowest active one; moving up only with headroom.
#include "engine/layer_allocator.hpp"

#include <gtest/gtest.h>

namespace meet::engine {
namespace {

// Three layers as the SDK sends a 720p camera: 320x180, 640x360, 1280x720.
std::array<LayerOption, 3> three_layers() {
  return {{{150'000, 180, true}, {500'000, 360, true}, {1'700'000, 720, true}}};
}

AllocationRequest camera(uint32_t height = 0, int current = -1) {
  AllocationRequest r;
  r.layers = three_layers();
  r.layer_count = 3;
  r.view_height = height;
  r.view_width = height * 16 / 9;
  r.current_layer = current;
  return r;
}

std::vector<int> spatial(const std::vector<LayerChoice>& choices) {
  std::vector<int> out;
  for (const auto& c : choices) out.push_back(c.spatial);
  return out;
}

AllocationRequest audio() {
  AllocationRequest r;
  r.video = false;
  r.audio_bps = 40'000;
  return r;
}

TEST(LayerAllocator, NoEstimateGivesEachTileWhatItsSizeAsks) {
  std::vector<AllocationRequest> rs = {camera(0), camera(180), camera(300), audio()};
  EXPECT_EQ(spatial(LayerAllocator::allocate(0, rs)), (std::vector<int>{2, 0, 1, 0}));
}

TEST(LayerAllocator, LowersLayersToFitTheEstimate) {
  std::vector<AllocationRequest> rs = {audio(), camera(720)};
  EXPECT_EQ(LayerAllocator::allocate(5'000'000, rs)[1].spatial, 2);
  EXPECT_EQ(LayerAllocator::allocate(1'000'000, rs)[1].spatial, 1);
  EXPECT_EQ(LayerAllocator::allocate(300'000, rs)[1].spatial, 0);
  // Less than the lowest layer: still the lowest, a picture rather than none.
  EXPECT_EQ(LayerAllocator::allocate(50'000, rs)[1].spatial, 0);
}

TEST(LayerAllocator, AudioIsServedFirst) {
  // 200 kbit/s would carry the low layer, but not after two audio tracks.
  std::vector<AllocationRequest> rs = {audio(), audio(), camera(720)};
  rs[2].layers[0].bitrate_bps = 150'000;
  auto out = spatial(LayerAllocator::allocate(200'000, rs));
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 0);
  EXPECT_EQ(out[2], 0);  // the lowest, as always
}

TEST(LayerAllocator, ScreenShareThenLargerTilesFirst) {
  AllocationRequest screen = camera(720);
  screen.screen = true;
  std::vector<AllocationRequest> rs = {camera(180), camera(720), screen};
  // 1.7 M for the screen, 0.5 M for the big tile (its 720p does not fit), the small one low.
  auto out = spatial(LayerAllocator::allocate(2'500'000, rs));
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2}));
}

TEST(LayerAllocator, HiddenVideoIsPaused) {
  AllocationRequest hidden = camera(720);
  hidden.visible = false;
  std::vector<AllocationRequest> rs = {hidden, camera(720)};
  EXPECT_EQ(spatial(LayerAllocator::allocate(3'000'000, rs)), (std::vector<int>{-1, 2}));
}

TEST(LayerAllocator, SkipsLayersThePublisherDoesNotSend) {
  AllocationRequest r = camera(720);
  r.layers[2].active = false;
  std::vector<AllocationRequest> rs = {r};
  EXPECT_EQ(LayerAllocator::allocate(10'000'000, rs)[0].spatial, 1);
  rs[0].layer_count = 0;
  EXPECT_EQ(LayerAllocator::allocate(10'000'000, rs)[0].spatial, -1);
}

TEST(LayerAllocator, MovesUpOnlyWithHeadroom) {
  // 1.8 M covers the 1.7 M layer but not with the upgrade margin: stay at layer 1 ...
  std::vector<AllocationRequest> rs = {camera(720, 1)};
  EXPECT_EQ(LayerAllocator::allocate(1'800'000, rs)[0].spatial, 1);
  // ... while a subscriber already on layer 2 keeps it at the same estimate.
  rs[0].current_layer = 2;
  EXPECT_EQ(LayerAllocator::allocate(1'800'000, rs)[0].spatial, 2);
  rs[0].current_layer = 1;
  EXPECT_EQ(LayerAllocator::allocate(2'200'000, rs)[0].spatial, 2);
}

TEST(LayerAllocator, ALayerStillRampingUpCountsAtTwiceTheOneBelow) {
  // The publisher has just started its top layer: 120 kbit/s measured so far, soon 1.7 M.
  AllocationRequest r = camera(720, 0);
  r.layers[1].bitrate_bps = 90'000;
  r.layers[2].bitrate_bps = 120'000;
  std::vector<AllocationRequest> rs = {r};
  // 350 kbit/s: neither the top layer (counted at 4 x 150 k) nor the middle one (2 x 150 k,
  // with the margin 375 k): the low one stays.
  EXPECT_EQ(LayerAllocator::allocate(350'000, rs)[0].spatial, 0);
  EXPECT_EQ(LayerAllocator::allocate(400'000, rs)[0].spatial, 1);  // 300 k x 1.25 fits
  EXPECT_EQ(LayerAllocator::allocate(800'000, rs)[0].spatial, 2);  // 600 k x 1.25 fits
  // A layer already flowing is kept at what it measures.
  rs[0].current_layer = 2;
  EXPECT_EQ(LayerAllocator::allocate(200'000, rs)[0].spatial, 2);
}

// Three layers in L1T3: base layer 40 %, with layer 1 60 %, all 100 % of each layer's rate.
AllocationRequest l1t3_camera(int current, int current_temporal) {
  AllocationRequest r = camera(720, current);
  r.current_temporal = current_temporal;
  for (auto& l : r.layers) {
    l.temporal_layers = 3;
    l.temporal_bps = {l.bitrate_bps * 4 / 10, l.bitrate_bps * 6 / 10, l.bitrate_bps};
  }
  return r;
}

TEST(LayerAllocator, DropsTemporalLayersBeforeSpatialOnes) {
  constexpr int kAll = LayerChoice::kAllTemporal;
  // Layers 150 k / 500 k / 1.7 M; their T0 and T0+T1 at 40 % and 60 %.
  struct Case {
    int64_t budget;
    int current, current_temporal;  // what the subscriber gets now
    LayerChoice want;
    const char* why;
  };
  const Case cases[] = {
      {2'000'000, 2, kAll, {2, kAll}, "1.7 M fits"},
      {1'500'000, 2, kAll, {2, 1}, "1.02 M (T0+T1 of the top) fits, the full 1.7 M does not"},
      {800'000,
       2,
       kAll,
       {1, kAll},
       "a quarter of the top layer's frame rate is not offered: the middle one in full"},
      {600'000, 2, kAll, {1, kAll}, "the middle one, in full"},
      {400'000, 1, kAll, {1, 1}, "300 k: the middle layer at half the frame rate"},
      {250'000,
       1,
       kAll,
       {0, kAll},
       "not the middle layer's base (a quarter rate): the low layer in full"},
      {180'000, 1, kAll, {0, kAll}, "the low layer in full"},
      {100'000, 0, kAll, {0, 1}, "90 k: the low layer at half the frame rate"},
      {70'000, 0, kAll, {0, 0}, "60 k: the lowest layer may go down to its base"},
      {30'000, 0, kAll, {0, 0}, "nothing fits: the cheapest picture, the low layer's base"},
      // Hysteresis: moving up, to more frames or a larger layer, needs kUpgradeMargin.
      {1'100'000, 2, 1, {2, 1}, "already there: 1.02 M needs no margin"},
      {1'200'000, 1, kAll, {1, kAll}, "1.02 M x 1.25 does not fit for a move up to the top layer"},
      {1'300'000, 1, kAll, {2, 1}, "it does at 1.3 M"},
      {2'000'000, 2, 1, {2, 1}, "1.7 M x 1.25 does not fit for all the top layer's frames"},
      {2'200'000, 2, 1, {2, kAll}, "it does at 2.2 M"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    std::vector<AllocationRequest> rs = {l1t3_camera(c.current, c.current_temporal)};
    const LayerChoice got = LayerAllocator::allocate(c.budget, rs)[0];
    EXPECT_EQ(got.spatial, c.want.spatial);
    EXPECT_EQ(got.temporal, c.want.temporal);
  }
}

TEST(LayerAllocator, WithoutTemporalLayersEveryChoiceIsTheFullFrameRate) {
  std::vector<AllocationRequest> rs = {camera(720, 2)};
  for (int64_t budget : {0, 50'000, 300'000, 1'000'000, 5'000'000}) {
    EXPECT_EQ(LayerAllocator::allocate(budget, rs)[0].temporal, LayerChoice::kAllTemporal);
  }
}

}  // namespace
}  // namespace meet::engine
