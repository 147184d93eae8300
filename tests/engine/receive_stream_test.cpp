// What ReceiveStream measures of a VP9 SVC stream (issue 17): the bitrate of spatial layers
// 0..s with temporal layers 0..t together (what a subscriber of those receives), which spatial
// layers flow, and the heights its keyframe's scalability structure gave.
#include "engine/receive_stream.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(ReceiveStream, MeasuresSpatialAndTemporalLayersOfOneStreamTogether) {
  ReceiveStream s;
  const auto t0 = Clock::time_point{} + 10s;
  std::vector<uint8_t> packet(1000);
  // 600 ms of pictures every 10 ms: each with spatial layers 0, 1, 2 of 1000 bytes, temporal
  // layers 0, 1, 0, 1, ... in turn.
  uint16_t seq = 0;
  for (int i = 0; i <= 60; ++i) {
    const auto now = t0 + std::chrono::milliseconds(10 * i);
    const auto tid = static_cast<uint8_t>(i % 2);
    for (uint8_t sid = 0; sid < 3; ++sid) s.on_packet(seq++, packet, false, tid, now, sid);
  }
  const auto now = t0 + 600ms;
  EXPECT_EQ(s.spatial_layers(), 3u);
  EXPECT_EQ(s.temporal_layers(), 2u);
  // A layer frame of 1000 bytes every 10 ms is 800 kbit/s per spatial layer, half of it per
  // temporal layer; the window holds 51 pictures over 500 ms (a little over the rate).
  const auto near = [](int64_t bps, int64_t want) {
    return bps > want * 95 / 100 && bps < want * 110 / 100;
  };
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 0, 0), 400'000)) << s.svc_bitrate_bps(now, 0, 0);
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 0, 2), 800'000)) << s.svc_bitrate_bps(now, 0, 2);
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 1, 2), 1'600'000)) << s.svc_bitrate_bps(now, 1, 2);
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 2, 0), 1'200'000)) << s.svc_bitrate_bps(now, 2, 0);
  EXPECT_EQ(s.svc_bitrate_bps(now, 2, 2), s.bitrate_bps(now));
  for (size_t sid = 0; sid < 3; ++sid) EXPECT_TRUE(s.spatial_active(sid, now)) << sid;
  EXPECT_FALSE(s.spatial_active(2, now + ReceiveStream::kIdleAfter)) << "idle";
}

TEST(ReceiveStream, ALayerThatStopsIsNoLongerActiveAndSizesComeFromTheSs) {
  ReceiveStream s;
  const auto t0 = Clock::time_point{} + 10s;
  std::vector<uint8_t> packet(500);
  uint16_t seq = 0;
  for (int i = 0; i <= 150; ++i) {
    const auto now = t0 + std::chrono::milliseconds(10 * i);
    s.on_packet(seq++, packet, false, 0, now, 0);
    if (i < 20) s.on_packet(seq++, packet, false, 0, now, 1);  // layer 1 stops at 200 ms
  }
  const auto now = t0 + 1500ms;
  EXPECT_TRUE(s.spatial_active(0, now));
  EXPECT_FALSE(s.spatial_active(1, now));
  EXPECT_EQ(s.spatial_layers(), 1u);
  const std::array<uint16_t, 3> heights = {180, 360, 720};
  s.on_spatial_sizes(heights);
  EXPECT_EQ(s.spatial_height(0), 180);
  EXPECT_EQ(s.spatial_height(2), 720);
  EXPECT_EQ(s.spatial_height(3), 0);
}

}  // namespace
}  // namespace meet::engine
