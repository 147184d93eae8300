#include "signal/message_rate_limit.hpp"

#include <gtest/gtest.h>

namespace meet::signal {
namespace {

using Verdict = MessageRateLimit::Verdict;
using std::chrono::milliseconds;

TEST(MessageRateLimit, HandlesUpToTheLimitEachSecond) {
  MessageRateLimit limit;
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < MessageRateLimit::kMaxPerSecond; ++i) {
    EXPECT_EQ(limit.on_message(t0 + milliseconds(i)), Verdict::kHandle) << i;
  }
  EXPECT_EQ(limit.on_message(t0 + milliseconds(999)), Verdict::kReject);
  // A new window starts clean.
  EXPECT_EQ(limit.on_message(t0 + milliseconds(1000)), Verdict::kHandle);
}

TEST(MessageRateLimit, AnswersOneErrorThenDropsThenDisconnectsAFlooder) {
  MessageRateLimit limit;
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  int handled = 0, rejected = 0, dropped = 0, sent = 0;
  for (; sent < 50'000; ++sent) {
    auto v = limit.on_message(t0);
    if (v == Verdict::kDisconnect) break;
    handled += v == Verdict::kHandle;
    rejected += v == Verdict::kReject;
    dropped += v == Verdict::kDrop;
  }
  EXPECT_EQ(handled, MessageRateLimit::kMaxPerSecond);
  EXPECT_EQ(rejected, 1);  // one error frame, not one per excess message
  EXPECT_EQ(dropped, MessageRateLimit::kMaxExcess - 1);
  EXPECT_EQ(sent, MessageRateLimit::kMaxPerSecond + MessageRateLimit::kMaxExcess);
}

TEST(MessageRateLimit, ASteadyClientAtTheLimitIsNeverDisconnected) {
  MessageRateLimit limit;
  auto t = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 60 * MessageRateLimit::kMaxPerSecond; ++i) {
    ASSERT_EQ(limit.on_message(t), Verdict::kHandle) << i;
    t += milliseconds(1000 / MessageRateLimit::kMaxPerSecond);
  }
}

}  // namespace
}  // namespace meet::signal
