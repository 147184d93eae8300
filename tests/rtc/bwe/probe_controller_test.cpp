#include "rtc/bwe/probe_controller.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

constexpr int64_t kMax = 20'000'000;

TEST(ProbeController, ProbesAtTwiceTheEstimate) {
  ProbeController c;
  const auto p = c.poll(0, 1'000'000, kMax, false, false);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->target_bps, 2'000'000);
  EXPECT_GE(p->duration_us, ProbeController::kMinDurationUs);
  EXPECT_NE(p->cluster_id, 0);
  EXPECT_EQ(c.cluster_at(10'000), p->cluster_id);
  EXPECT_EQ(c.cluster_at(p->duration_us), 0);
}

TEST(ProbeController, StretchesShortProbesToHoldEnoughPackets) {
  ProbeController c;
  const auto p = c.poll(0, 100'000, kMax, false, false);
  ASSERT_TRUE(p);
  EXPECT_GE(p->bytes(), ProbeController::kMinProbePackets * 1200 - 1);
}

TEST(ProbeController, DoesNotProbeWhenLossyCongestedOrNearMax) {
  EXPECT_FALSE(ProbeController().poll(0, 1'000'000, kMax, true, false));
  EXPECT_FALSE(ProbeController().poll(0, 1'000'000, kMax, false, true));
  EXPECT_FALSE(ProbeController().poll(0, 19'500'000, kMax, false, false));
}

TEST(ProbeController, CapsTargetAtMax) {
  ProbeController c;
  EXPECT_EQ(c.poll(0, 15'000'000, kMax, false, false)->target_bps, kMax);
}

TEST(ProbeController, ProbesOneAtATime) {
  ProbeController c;
  ASSERT_TRUE(c.poll(0, 1'000'000, kMax, false, false));
  EXPECT_FALSE(c.poll(10'000, 1'000'000, kMax, false, false));
  EXPECT_TRUE(c.timed_out(c.active_end_us() + ProbeController::kResultTimeoutUs));
}

TEST(ProbeController, FollowsSuccessQuicklyAndBacksOffAfterFailures) {
  ProbeController c;
  int64_t t = 0;
  c.on_estimate(1'000'000, t);
  ASSERT_TRUE(c.poll(t, 1'000'000, kMax, false, false));
  c.on_result(2'000'000, t += 200'000);  // got through
  EXPECT_FALSE(c.poll(t + ProbeController::kFollowUpGapUs - 1, 2'000'000, kMax, false, false));
  ASSERT_TRUE(c.poll(t += ProbeController::kFollowUpGapUs, 2'000'000, kMax, false, false));
  c.on_result(2'100'000, t += 200'000);  // of 4 Mbit/s: failed
  EXPECT_FALSE(c.poll(t + ProbeController::kMinIntervalUs - 1, 2'000'000, kMax, false, false));
  ASSERT_TRUE(c.poll(t += ProbeController::kMinIntervalUs, 2'000'000, kMax, false, false));
  c.on_result(std::nullopt, t += 200'000);  // failed again: wait twice as long
  EXPECT_FALSE(c.poll(t + 2 * ProbeController::kMinIntervalUs - 1, 2'000'000, kMax, false, false));
  EXPECT_TRUE(c.poll(t + 2 * ProbeController::kMinIntervalUs, 2'000'000, kMax, false, false));
  EXPECT_EQ(c.probes_sent(), 4u);
  EXPECT_EQ(c.probes_succeeded(), 1u);
}

TEST(ProbeController, KeepsProbingOftenWhileTheSenderWantsMore) {
  // A subscriber held at a low layer: its tiles want 2 Mbit/s, the estimate is 400 kbit/s.
  ProbeController c;
  c.on_estimate(400'000, 0);
  c.set_wanted(2'000'000);
  int64_t now = 0;
  for (int i = 0; i < 4; ++i) {
    auto p = c.poll(now, 400'000, kMax, false, false);
    ASSERT_TRUE(p) << "probe " << i << " at " << now;
    c.on_result(std::nullopt, now + 100'000);
    now += 100'000 + ProbeController::kMinIntervalUs;  // no growing backoff
  }
  // Once the estimate covers what is wanted, failures back off again.
  c.on_estimate(2'500'000, now);
  ASSERT_TRUE(c.poll(now, 2'500'000, kMax, false, false));
  c.on_result(std::nullopt, now + 100'000);
  now += 100'000 + ProbeController::kMinIntervalUs;
  ASSERT_TRUE(c.poll(now, 2'500'000, kMax, false, false));
  c.on_result(std::nullopt, now + 100'000);
  EXPECT_FALSE(
      c.poll(now + 100'000 + ProbeController::kMinIntervalUs, 2'500'000, kMax, false, false));
}

TEST(ProbeController, KeepsProbingOftenAfterALargeDrop) {
  ProbeController c;
  int64_t t = 0;
  c.on_estimate(3'000'000, t);
  for (int i = 0; i < 3; ++i) {  // three failures at the high rate: backoff grows
    c.on_estimate(3'000'000, t);
    ASSERT_TRUE(c.poll(t, 3'000'000, kMax, false, false));
    c.on_result(std::nullopt, t += 100'000);
    t += 40'000'000;
  }
  c.on_estimate(500'000, t);  // the link dropped
  ASSERT_TRUE(c.poll(t, 500'000, kMax, false, false));
  c.on_result(std::nullopt, t += 100'000);
  EXPECT_TRUE(c.poll(t + ProbeController::kMinIntervalUs, 500'000, kMax, false, false));
}

}  // namespace
}  // namespace meet::rtc
