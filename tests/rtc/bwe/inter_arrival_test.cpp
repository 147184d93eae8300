#include "rtc/bwe/inter_arrival.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

TEST(InterArrival, YieldsDeltaBetweenLastPacketsOfGroups) {
  InterArrival ia;
  // Group 1: sent 0, 2 ms. Group 2: sent 10, 12 ms. Group 3 starts at 20 ms.
  EXPECT_FALSE(ia.on_packet(0, 50'000));
  EXPECT_FALSE(ia.on_packet(2'000, 52'000));
  EXPECT_FALSE(ia.on_packet(10'000, 61'000));
  EXPECT_FALSE(ia.on_packet(12'000, 64'000));  // still group 2 (within 5 ms of 10)
  auto d = ia.on_packet(20'000, 70'000);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->send_delta_ms, 10);     // 12 - 2
  EXPECT_DOUBLE_EQ(d->arrival_delta_ms, 12);  // 64 - 52
  EXPECT_EQ(d->arrival_time_us, 64'000);
}

TEST(InterArrival, MergesBurstArrivingFasterThanSent) {
  InterArrival ia;
  EXPECT_FALSE(ia.on_packet(0, 100'000));
  // Sent 10 ms later but arrived 1 ms later: a queue released them together, same group.
  EXPECT_FALSE(ia.on_packet(10'000, 101'000));
  EXPECT_FALSE(ia.on_packet(30'000, 130'000));  // new group; no delta yet (one complete)
  auto d = ia.on_packet(50'000, 150'000);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->send_delta_ms, 20);     // 30 - 10: the burst's last packet
  EXPECT_DOUBLE_EQ(d->arrival_delta_ms, 29);  // 130 - 101
}

TEST(InterArrival, IgnoresPacketSentBeforeCurrentGroup) {
  InterArrival ia;
  ia.on_packet(0, 50'000);
  ia.on_packet(10'000, 60'000);
  EXPECT_FALSE(ia.on_packet(1'000, 65'000));
  auto d = ia.on_packet(20'000, 70'000);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->arrival_delta_ms, 10);
}

TEST(InterArrival, StartsOverAfterArrivalClockJump) {
  InterArrival ia;
  ia.on_packet(0, 50'000);
  ia.on_packet(10'000, 60'000);
  EXPECT_TRUE(ia.on_packet(20'000, 10'000'000));   // closes the 10 ms group normally
  EXPECT_FALSE(ia.on_packet(30'000, 10'010'000));  // closes the 10 s jump: reset
  EXPECT_FALSE(ia.on_packet(40'000, 10'020'000));
  auto d = ia.on_packet(50'000, 10'030'000);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->arrival_delta_ms, 10);
}

}  // namespace
}  // namespace meet::rtc
