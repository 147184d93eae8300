#include "rtc/bwe/aimd_rate_control.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

constexpr int64_t kRtt = 100'000;

// `steps` updates 100 ms apart from `t`, with the given signal and acknowledged rate.
int64_t run(AimdRateControl& a, BandwidthUsage u, std::optional<int64_t> acked, int steps,
            int64_t& t) {
  for (int i = 0; i < steps; ++i) a.update(u, acked, kRtt, t += 100'000);
  return a.estimate_bps();
}

TEST(AimdRateControl, IncreasesAboutEightPercentPerSecondFarFromCongestion) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  int64_t t = 0;
  a.update(BandwidthUsage::kNormal, std::nullopt, kRtt, t);
  const int64_t after = run(a, BandwidthUsage::kNormal, std::nullopt, 10, t);
  EXPECT_NEAR(static_cast<double>(after), 1'080'000, 5'000);
}

TEST(AimdRateControl, DecreasesToBetaTimesAcknowledgedOnOveruse) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  a.update(BandwidthUsage::kOverusing, 800'000, kRtt, 0);
  EXPECT_EQ(a.estimate_bps(), 680'000);
  EXPECT_EQ(a.state(), AimdRateControl::State::kHold);
  EXPECT_TRUE(a.link_capacity().known());
}

TEST(AimdRateControl, DecreasesOncePerRoundTripUnlessRateCollapsed) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  a.update(BandwidthUsage::kOverusing, 800'000, kRtt, 0);
  a.update(BandwidthUsage::kOverusing, 700'000, kRtt, 50'000);  // within one rtt: ignored
  EXPECT_EQ(a.estimate_bps(), 680'000);
  a.update(BandwidthUsage::kOverusing, 300'000, kRtt, 60'000);  // below half: cut now
  EXPECT_EQ(a.estimate_bps(), 255'000);
}

TEST(AimdRateControl, IncreasesAdditivelyNearLastCongestion) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  int64_t t = 0;
  a.update(BandwidthUsage::kOverusing, 1'000'000, kRtt, t);
  const int64_t after_decrease = a.estimate_bps();
  const int64_t later = run(a, BandwidthUsage::kNormal, 900'000, 10, t);
  EXPECT_GT(later, after_decrease);
  // About one packet per response time (200 ms): tens of kbit/s in a second, not 8 %.
  EXPECT_LT(later - after_decrease, after_decrease * 8 / 100);
}

TEST(AimdRateControl, HoldsWhileUnderusing) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  int64_t t = 0;
  EXPECT_EQ(run(a, BandwidthUsage::kUnderusing, 1'000'000, 10, t), 1'000'000);
}

TEST(AimdRateControl, DoesNotGrowPastOneAndAHalfTimesAcknowledged) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  int64_t t = 0;
  const int64_t after = run(a, BandwidthUsage::kNormal, 400'000, 100, t);
  EXPECT_EQ(after, 1'000'000);  // above 1.5 x 400k already: no growth, no cut
}

TEST(AimdRateControl, StaysWithinBounds) {
  AimdRateControl a(50'000'000, 100'000, 2'000'000);
  EXPECT_EQ(a.estimate_bps(), 2'000'000);
  int64_t t = 0;
  EXPECT_EQ(run(a, BandwidthUsage::kNormal, std::nullopt, 50, t), 2'000'000);
  a.update(BandwidthUsage::kOverusing, 10'000, kRtt, t += 1'000'000);
  EXPECT_EQ(a.estimate_bps(), 100'000);
}

TEST(AimdRateControl, SetEstimateJumpsAndForgetsLowerCapacity) {
  AimdRateControl a(1'000'000, 100'000, 20'000'000);
  a.update(BandwidthUsage::kOverusing, 500'000, kRtt, 0);
  ASSERT_TRUE(a.link_capacity().known());
  a.set_estimate(3'000'000, 100'000);
  EXPECT_EQ(a.estimate_bps(), 3'000'000);
  EXPECT_FALSE(a.link_capacity().known());
}

}  // namespace
}  // namespace meet::rtc
