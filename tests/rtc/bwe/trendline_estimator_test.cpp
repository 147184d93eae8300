#include "rtc/bwe/trendline_estimator.hpp"

#include <gtest/gtest.h>

#include <random>

namespace meet::rtc {
namespace {

// One packet every 10 ms; each arrives `spacing_us` after the previous one.
BandwidthUsage feed(TrendlineEstimator& t, int packets, int64_t spacing_us, int64_t& send_us,
                    int64_t& arrival_us) {
  BandwidthUsage last = t.state();
  for (int i = 0; i < packets; ++i) {
    send_us += 10'000;
    arrival_us += spacing_us;
    last = t.on_packet(send_us, arrival_us);
  }
  return last;
}

TEST(TrendlineEstimator, StaysNormalWhenDelayIsSteadyWithJitter) {
  TrendlineEstimator t;
  std::mt19937 rng(3);
  std::uniform_int_distribution<int64_t> jitter(-1'000, 1'000);
  for (int i = 0; i < 500; ++i) {
    const int64_t send = i * 10'000;
    EXPECT_NE(t.on_packet(send, send + 40'000 + jitter(rng)), BandwidthUsage::kOverusing) << i;
  }
}

TEST(TrendlineEstimator, DetectsOveruseWhenDelayGrows) {
  TrendlineEstimator t;
  int64_t send = 0;
  int64_t arrival = 40'000;
  feed(t, 30, 10'000, send, arrival);
  EXPECT_EQ(t.state(), BandwidthUsage::kNormal);
  // The queue grows 2 ms per packet: arrival spacing 12 ms for 10 ms sending.
  bool overuse = false;
  for (int i = 0; i < 30 && !overuse; ++i) {
    overuse = feed(t, 1, 12'000, send, arrival) == BandwidthUsage::kOverusing;
  }
  EXPECT_TRUE(overuse);
  EXPECT_GT(t.trend(), 0);
}

TEST(TrendlineEstimator, DetectsUnderuseWhenQueueDrains) {
  TrendlineEstimator t;
  int64_t send = 0;
  int64_t arrival = 40'000;
  feed(t, 30, 10'000, send, arrival);
  feed(t, 30, 12'000, send, arrival);
  bool underuse = false;
  for (int i = 0; i < 30 && !underuse; ++i) {
    underuse = feed(t, 1, 8'000, send, arrival) == BandwidthUsage::kUnderusing;
  }
  EXPECT_TRUE(underuse);
  EXPECT_LT(t.trend(), 0);
}

}  // namespace
}  // namespace meet::rtc
