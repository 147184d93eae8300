#include "api/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace meet::api {
namespace {

TEST(RateLimiter, AllowsABurstThenAsksToWait) {
  ManualClock clock;
  RateLimiter limiter({1.0, 3.0}, clock);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.take("k")) << i;
  auto wait = limiter.take("k");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1);
  EXPECT_FALSE(limiter.take("other")) << "buckets are per key";
  clock.advance(std::chrono::milliseconds(1000));
  EXPECT_FALSE(limiter.take("k"));
  EXPECT_TRUE(limiter.take("k"));
}

TEST(RateLimiter, RoundsRetryAfterUpToWholeSeconds) {
  ManualClock clock;
  RateLimiter limiter({0.25, 1.0}, clock);
  EXPECT_FALSE(limiter.take("k"));
  EXPECT_EQ(limiter.take("k"), 4);
  clock.advance(std::chrono::milliseconds(2500));
  EXPECT_EQ(limiter.take("k"), 2);
}

TEST(RateLimiter, ZeroRateDisablesLimiting) {
  ManualClock clock;
  RateLimiter limiter({0, 0}, clock);
  for (int i = 0; i < 1000; ++i) ASSERT_FALSE(limiter.take("k"));
}

}  // namespace
}  // namespace meet::api
