#include "rtc/bwe/probe_bitrate_estimator.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

// `n` 1200-byte packets of cluster 1 sent every `send_gap_us`, arriving every `arrival_gap_us`.
ProbeBitrateEstimator burst(int n, int64_t send_gap_us, int64_t arrival_gap_us) {
  ProbeBitrateEstimator p;
  for (int i = 0; i < n; ++i) {
    PacketResult r;
    r.sequence_number = i;
    r.send_time_us = i * send_gap_us;
    r.arrival_time_us = 50'000 + i * arrival_gap_us;
    r.size = 1200;
    r.probe_cluster = 1;
    r.received = true;
    p.on_packet(r);
  }
  return p;
}

TEST(ProbeBitrateEstimator, MeasuresProbeRateOnFastLink) {
  const auto p = burst(10, 4'800, 4'800);  // 2 Mbit/s both ways
  ASSERT_TRUE(p.result_bps(1));
  EXPECT_NEAR(static_cast<double>(*p.result_bps(1)), 2'000'000, 1'000);
}

TEST(ProbeBitrateEstimator, MeasuresLinkRateWhenProbeSaturatesIt) {
  const auto p = burst(10, 4'800, 9'600);  // sent at 2, arrived at 1 Mbit/s
  ASSERT_TRUE(p.result_bps(1));
  EXPECT_NEAR(static_cast<double>(*p.result_bps(1)), 950'000, 1'000);
}

TEST(ProbeBitrateEstimator, NeedsEnoughPacketsOfTheCluster) {
  EXPECT_FALSE(burst(4, 4'800, 4'800).result_bps(1));
  EXPECT_FALSE(burst(10, 4'800, 4'800).result_bps(2));
  EXPECT_FALSE(burst(10, 4'800, 4'800).result_bps(0));
}

TEST(ProbeBitrateEstimator, RejectsArrivalMuchFasterThanSending) {
  EXPECT_FALSE(burst(10, 9'600, 1'000).result_bps(1));
}

TEST(ProbeBitrateEstimator, IgnoresLostAndNonProbePackets) {
  ProbeBitrateEstimator p;
  PacketResult r;
  r.size = 1200;
  r.received = false;
  r.probe_cluster = 1;
  for (int i = 0; i < 10; ++i) p.on_packet(r);
  r.received = true;
  r.probe_cluster = 0;
  for (int i = 0; i < 10; ++i) p.on_packet(r);
  EXPECT_FALSE(p.result_bps(1));
}

}  // namespace
}  // namespace meet::rtc
