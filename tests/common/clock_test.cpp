#include "common/clock.hpp"

#include <gtest/gtest.h>

namespace meet {
namespace {

TEST(ManualClock, StandsStillUntilAdvanced) {
  ManualClock clock(5'000);
  auto t0 = clock.now_steady();
  EXPECT_EQ(clock.now_unix_ms(), 5'000);
  EXPECT_EQ(clock.now_steady(), t0);
  clock.advance(std::chrono::milliseconds(1500));
  EXPECT_EQ(clock.now_unix_ms(), 6'500);
  EXPECT_EQ(clock.now_unix_seconds(), 6);
  EXPECT_EQ(clock.now_steady() - t0, std::chrono::milliseconds(1500));
  clock.set_unix_ms(42);
  EXPECT_EQ(clock.now_unix_ms(), 42);
}

TEST(SystemClock, ReportsPlausibleWallTime) {
  const Clock& clock = SystemClock::instance();
  EXPECT_GT(clock.now_unix_ms(), int64_t{1'600'000'000'000});
  auto a = clock.now_steady();
  EXPECT_LE(a, clock.now_steady());
}

}  // namespace
}  // namespace meet
