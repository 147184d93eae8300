#include "rtc/bwe/send_history.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

TEST(SendHistory, FindsRecordedPacketBySequenceNumber) {
  SendHistory h(64);
  const int64_t seq = h.record(10, 1200, 1'000, 0, false);
  const SendHistory::Entry* e = h.find(seq, 2'000);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->send_time_us, 1'000);
  EXPECT_EQ(e->size, 1200u);
  EXPECT_EQ(e->state, FeedbackState::kNone);
  EXPECT_EQ(h.unwrap(10), seq);
}

TEST(SendHistory, UnwrapsAcrossSixteenBitWrap) {
  SendHistory h(64);
  const int64_t a = h.record(65535, 100, 0, 0, false);
  const int64_t b = h.record(0, 100, 1, 0, false);
  const int64_t c = h.record(1, 100, 2, 0, false);
  EXPECT_EQ(b, a + 1);
  EXPECT_EQ(c, a + 2);
  EXPECT_EQ(h.unwrap(65534), a - 1);
  EXPECT_EQ(h.unwrap(65535), a);
}

TEST(SendHistory, ReportsUnknownBeforeAnythingSentAndAheadOfNewest) {
  SendHistory h(64);
  EXPECT_EQ(h.unwrap(5), -1);
  EXPECT_EQ(h.find(-1, 0), nullptr);
  const int64_t seq = h.record(5, 100, 0, 0, false);
  EXPECT_EQ(h.find(seq + 1, 0), nullptr);
}

TEST(SendHistory, ForgetsPacketsOverwrittenInTheRing) {
  SendHistory h(64);
  const int64_t first = h.record(0, 100, 0, 0, false);
  for (uint16_t s = 1; s <= 64; ++s) h.record(s, 100, s, 0, false);
  EXPECT_EQ(h.find(first, 100), nullptr);
  EXPECT_NE(h.find(first + 1, 100), nullptr);
}

TEST(SendHistory, ForgetsPacketsOlderThanMaxAge) {
  SendHistory h(64);
  const int64_t seq = h.record(0, 100, 0, 0, false);
  EXPECT_NE(h.find(seq, SendHistory::kMaxAgeUs), nullptr);
  EXPECT_EQ(h.find(seq, SendHistory::kMaxAgeUs + 1), nullptr);
}

TEST(SendHistory, RoundsCapacityUpToPowerOfTwo) {
  EXPECT_EQ(SendHistory(1).capacity(), 64u);
  EXPECT_EQ(SendHistory(1000).capacity(), 1024u);
  EXPECT_EQ(SendHistory(4096).capacity(), 4096u);
}

}  // namespace
}  // namespace meet::rtc
