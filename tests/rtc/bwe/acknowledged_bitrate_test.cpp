#include "rtc/bwe/acknowledged_bitrate.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

// 1200-byte packets arriving every `gap_us` for `duration_us` from `t`.
void arrive(AcknowledgedBitrate& a, int64_t& t, int64_t gap_us, int64_t duration_us) {
  for (int64_t end = t + duration_us; t < end; t += gap_us) a.on_packet(t, 1200);
}

TEST(AcknowledgedBitrate, HasNoRateBeforeMinimumSpan) {
  AcknowledgedBitrate a;
  int64_t t = 1'000'000;
  arrive(a, t, 9'600, 100'000);
  EXPECT_FALSE(a.bitrate_bps());
  arrive(a, t, 9'600, 100'000);
  EXPECT_TRUE(a.bitrate_bps());
}

TEST(AcknowledgedBitrate, MeasuresSteadyRate) {
  AcknowledgedBitrate a;
  int64_t t = 1'000'000;
  arrive(a, t, 9'600, 2'000'000);  // 1200 B / 9.6 ms = 1 Mbit/s
  ASSERT_TRUE(a.bitrate_bps());
  EXPECT_NEAR(static_cast<double>(*a.bitrate_bps()), 1'000'000, 30'000);
}

TEST(AcknowledgedBitrate, FollowsRateChangeWithinWindow) {
  AcknowledgedBitrate a;
  int64_t t = 1'000'000;
  arrive(a, t, 9'600, 2'000'000);
  arrive(a, t, 4'800, AcknowledgedBitrate::kWindowUs);  // 2 Mbit/s
  EXPECT_NEAR(static_cast<double>(*a.bitrate_bps()), 2'000'000, 60'000);
}

TEST(AcknowledgedBitrate, RestartsAfterGapLongerThanWindow) {
  AcknowledgedBitrate a;
  int64_t t = 1'000'000;
  arrive(a, t, 9'600, 1'000'000);
  t += 2'000'000;
  a.on_packet(t, 1200);
  EXPECT_FALSE(a.bitrate_bps());
}

TEST(AcknowledgedBitrate, KeepsWorkingWhenRingIsFull) {
  AcknowledgedBitrate a(16);
  int64_t t = 1'000'000;
  arrive(a, t, 1'000, 1'000'000);  // 9.6 Mbit/s, far more than 16 packets per window
  ASSERT_TRUE(a.bitrate_bps());
  EXPECT_GT(*a.bitrate_bps(), 0);
}

}  // namespace
}  // namespace meet::rtc
