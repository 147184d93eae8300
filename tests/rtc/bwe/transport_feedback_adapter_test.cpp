#include "rtc/bwe/transport_feedback_adapter.hpp"

#include <gtest/gtest.h>

#include "rtc/bwe/twcc_feedback.hpp"

namespace meet::rtc {
namespace {

using test::TwccFeedback;

// Sends seqs first..first+n-1, 1 ms apart, sizes 1000 + i.
void send(SendHistory& h, uint16_t first, int n) {
  for (int i = 0; i < n; ++i) {
    h.record(static_cast<uint16_t>(first + i), 1000 + i, 1'000'000 + i * 1000, 0, false);
  }
}

TEST(TransportFeedbackAdapter, MatchesReceivedAndLostPackets) {
  SendHistory h(64);
  send(h, 100, 5);
  TransportFeedbackAdapter a(64);
  // Base 100 (lost), 101 and 103 received, 102 lost.
  const TwccArrival arrivals[] = {{101, 5'000'000}, {103, 5'002'000}};
  TwccFeedback fb(100, arrivals);
  const auto r = a.process(fb.get(), h, 1'100'000);
  ASSERT_EQ(r.size(), 4u);
  const bool received[] = {false, true, false, true};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r[i].sequence_number, h.unwrap(static_cast<uint16_t>(100 + i)));
    EXPECT_EQ(r[i].received, received[i]) << i;
    EXPECT_EQ(r[i].size, 1000 + i);
    EXPECT_EQ(r[i].send_time_us, 1'000'000 + static_cast<int64_t>(i) * 1000);
  }
  EXPECT_EQ(r[3].arrival_time_us - r[1].arrival_time_us, 2'000);
}

TEST(TransportFeedbackAdapter, MatchesAcrossSequenceWrap) {
  SendHistory h(64);
  send(h, 65534, 4);  // 65534, 65535, 0, 1
  TransportFeedbackAdapter a(64);
  const TwccArrival arrivals[] = {
      {65534, 5'000'000}, {65535, 5'001'000}, {0, 5'002'000}, {1, 5'003'000}};
  TwccFeedback fb(65534, arrivals);
  const auto r = a.process(fb.get(), h, 1'100'000);
  ASSERT_EQ(r.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(r[i].received);
    EXPECT_EQ(r[i].size, 1000 + i);
  }
  EXPECT_EQ(a.counters().unknown, 0u);
}

TEST(TransportFeedbackAdapter, SkipsPacketsAlreadyReported) {
  SendHistory h(64);
  send(h, 0, 3);
  TransportFeedbackAdapter a(64);
  const TwccArrival arrivals[] = {{0, 5'000'000}, {1, 5'001'000}, {2, 5'002'000}};
  TwccFeedback fb(0, arrivals);
  EXPECT_EQ(a.process(fb.get(), h, 1'100'000).size(), 3u);
  EXPECT_EQ(a.process(fb.get(), h, 1'150'000).size(), 0u);
  EXPECT_EQ(a.counters().duplicates, 3u);
}

TEST(TransportFeedbackAdapter, ReportsPacketLostThenReceivedAgain) {
  SendHistory h(64);
  send(h, 0, 3);
  TransportFeedbackAdapter a(64);
  const TwccArrival first[] = {{0, 5'000'000}, {2, 5'002'000}};
  TwccFeedback fb1(0, first);
  const auto r1 = a.process(fb1.get(), h, 1'100'000);
  ASSERT_EQ(r1.size(), 3u);
  EXPECT_FALSE(r1[1].received);
  const TwccArrival late[] = {{1, 5'003'000}};
  TwccFeedback fb2(1, late);
  const auto r2 = a.process(fb2.get(), h, 1'150'000);
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_TRUE(r2[0].received);
  EXPECT_EQ(r2[0].sequence_number, h.unwrap(1));
}

TEST(TransportFeedbackAdapter, CountsUnknownSequenceNumbers) {
  SendHistory h(64);
  send(h, 0, 3);
  TransportFeedbackAdapter a(64);
  const TwccArrival arrivals[] = {{2, 5'000'000}, {3, 5'001'000}, {4, 5'002'000}};
  TwccFeedback fb(2, arrivals);
  const auto r = a.process(fb.get(), h, 1'100'000);
  EXPECT_EQ(r.size(), 1u);  // only 2 was sent
  EXPECT_EQ(a.counters().unknown, 2u);
}

TEST(TransportFeedbackAdapter, KeepsArrivalTimelineAcrossReferenceTimeWrap) {
  SendHistory h(64);
  send(h, 0, 2);
  TransportFeedbackAdapter a(64);
  // The 24-bit reference time (64 ms ticks) wraps between these two arrivals.
  const int64_t wrap_us = (int64_t{1} << 24) * RtcpTransportFeedback::kReferenceTickUs;
  const TwccArrival before[] = {{0, wrap_us - 10'000}};
  const TwccArrival after[] = {{1, wrap_us + 70'000}};
  TwccFeedback fb1(0, before);
  TwccFeedback fb2(1, after);
  const auto r1 = a.process(fb1.get(), h, 1'100'000);
  ASSERT_EQ(r1.size(), 1u);
  const int64_t t1 = r1[0].arrival_time_us;
  const auto r2 = a.process(fb2.get(), h, 1'200'000);
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(r2[0].arrival_time_us - t1, 80'000);
}

TEST(TransportFeedbackAdapter, StopsAtResultCapacity) {
  SendHistory h(64);
  send(h, 0, 10);
  TransportFeedbackAdapter a(4);
  TwccArrival arrivals[10];
  for (uint16_t i = 0; i < 10; ++i) arrivals[i] = {i, 5'000'000 + i * 1000};
  TwccFeedback fb(0, arrivals);
  EXPECT_EQ(a.process(fb.get(), h, 1'100'000).size(), 4u);
  EXPECT_EQ(a.counters().overflow, 6u);
}

}  // namespace
}  // namespace meet::rtc
