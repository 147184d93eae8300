#include "rtc/bwe/loss_based_estimate.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

TEST(LossBasedEstimate, ReactsToLossFractionByBand) {
  struct Case {
    size_t lost;  // of 100
    int64_t expected;
  };
  // From 1 Mbit/s, one second after the previous interval, acked rate ample.
  const Case cases[] = {
      {0, 1'081'000},   // < 2 %: +8 %/s (+1 kbit/s)
      {1, 1'081'000},   // 1 %
      {2, 1'000'000},   // 2 %: hold
      {10, 1'000'000},  // 10 %: hold
      {15, 925'000},    // 15 %: x (1 - 0.075)
      {50, 750'000},    // 50 %: x 0.75
  };
  for (const Case& c : cases) {
    LossBasedEstimate f(1'000'000, 100'000, 20'000'000);
    f.on_feedback(2, 100, 1'000'000, 10'000'000, 100'000, 0);  // a hold, to set the clock
    f.on_feedback(c.lost, 100, 1'000'000, 10'000'000, 100'000, 1'000'000);
    EXPECT_EQ(f.estimate_bps(), c.expected) << c.lost << " lost";
  }
}

TEST(LossBasedEstimate, WaitsForEnoughPacketsBeforeJudging) {
  LossBasedEstimate e(1'000'000, 100'000, 20'000'000);
  e.on_feedback(5, 10, 1'000'000, std::nullopt, 100'000, 0);
  EXPECT_EQ(e.estimate_bps(), 1'000'000);
  EXPECT_DOUBLE_EQ(e.loss_fraction(), 0);
  e.on_feedback(0, 10, 1'000'000, std::nullopt, 100'000, 50'000);  // 5 of 20: 25 %
  EXPECT_DOUBLE_EQ(e.loss_fraction(), 0.25);
  EXPECT_LT(e.estimate_bps(), 1'000'000);
}

TEST(LossBasedEstimate, DecreasesAtMostOncePerRttPlus300Ms) {
  LossBasedEstimate e(1'000'000, 100'000, 20'000'000);
  e.on_feedback(20, 100, 1'000'000, std::nullopt, 100'000, 0);
  const int64_t once = e.estimate_bps();
  e.on_feedback(20, 100, once, std::nullopt, 100'000, 200'000);
  EXPECT_EQ(e.estimate_bps(), once);
  e.on_feedback(20, 100, once, std::nullopt, 100'000, 400'000);
  EXPECT_LT(e.estimate_bps(), once);
}

TEST(LossBasedEstimate, DecreasesFromTheTargetInForceWhenLower) {
  LossBasedEstimate e(2'000'000, 100'000, 20'000'000);
  e.on_feedback(20, 100, 1'000'000, std::nullopt, 100'000, 0);  // 20 %: x 0.9 of 1 Mbit/s
  EXPECT_EQ(e.estimate_bps(), 900'000);
}

TEST(LossBasedEstimate, GrowsNoFasterThanAcknowledgedAllows) {
  LossBasedEstimate e(1'000'000, 100'000, 20'000'000);
  e.on_feedback(0, 100, 1'000'000, 300'000, 100'000, 0);
  e.on_feedback(0, 100, 1'000'000, 300'000, 100'000, 1'000'000);
  EXPECT_EQ(e.estimate_bps(), 1'000'000);
}

TEST(LossBasedEstimate, RemembersRecentLossForProbing) {
  LossBasedEstimate e(1'000'000, 100'000, 20'000'000);
  EXPECT_FALSE(e.recently_lossy(0));
  e.on_feedback(5, 100, 1'000'000, std::nullopt, 100'000, 1'000'000);
  EXPECT_TRUE(e.recently_lossy(2'000'000));
  EXPECT_FALSE(e.recently_lossy(1'000'000 + LossBasedEstimate::kLossMemoryUs));
}

TEST(LossBasedEstimate, OnlyHighLossCountsAsCongestion) {
  LossBasedEstimate e(1'000'000, 100'000, 20'000'000);
  e.on_feedback(5, 100, 1'000'000, std::nullopt, 100'000, 1'000'000);
  EXPECT_TRUE(e.recently_lossy(1'500'000));
  EXPECT_FALSE(e.recently_congested(1'500'000));
  e.on_feedback(20, 100, 1'000'000, std::nullopt, 100'000, 2'000'000);
  EXPECT_TRUE(e.recently_congested(2'500'000));
  EXPECT_FALSE(e.recently_congested(2'000'000 + LossBasedEstimate::kLossMemoryUs));
}

}  // namespace
}  // namespace meet::rtc
