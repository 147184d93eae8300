#include "engine/packet_cache.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
const PacketCache::TimePoint t0{10s};

TEST(PacketCache, ReservesNothingUntilTheFirstStore) {
  PacketCache cache;
  EXPECT_EQ(cache.reserved_bytes(), 0u);
  EXPECT_FALSE(cache.find(1, t0));
  cache.store(1, std::vector<uint8_t>{1}, t0);
  EXPECT_EQ(cache.slots(), PacketCache::kInitialSlots);
}

TEST(PacketCache, FindsStoredPacketUntilOverwritten) {
  PacketCache cache;
  std::vector<uint8_t> a{1, 2, 3};
  cache.store(10, a, t0);
  auto found = cache.find(10, t0);
  ASSERT_TRUE(found);
  EXPECT_EQ(std::vector<uint8_t>(found->begin(), found->end()), a);
  EXPECT_FALSE(cache.find(11, t0));
  // A slow stream: the next packet in the same slot comes after kMaxAge, so no growth.
  cache.store(10 + PacketCache::kInitialSlots, std::vector<uint8_t>{9}, t0 + 2s);
  EXPECT_FALSE(cache.find(10, t0 + 2s));
  EXPECT_EQ(cache.slots(), PacketCache::kInitialSlots);
}

TEST(PacketCache, GrowsToHoldWhatArrivedWithinItsAgeAndKeepsIt) {
  PacketCache cache;
  // 300 packets in 300 ms: more than the first reservation, all younger than kMaxAge.
  for (uint16_t s = 0; s < 300; ++s) {
    cache.store(s, std::vector<uint8_t>{static_cast<uint8_t>(s)}, t0 + s * 1ms);
  }
  EXPECT_EQ(cache.slots(), 512u);
  for (uint16_t s = 0; s < 300; ++s) {
    auto found = cache.find(s, t0 + 300ms);
    ASSERT_TRUE(found) << s;
    EXPECT_EQ((*found)[0], static_cast<uint8_t>(s));
  }
}

TEST(PacketCache, StopsGrowingAtItsMaximum) {
  PacketCache cache;
  for (uint16_t s = 0; s < 2000; ++s) cache.store(s, std::vector<uint8_t>{1}, t0);
  EXPECT_EQ(cache.slots(), PacketCache::kMaxSlots);
  EXPECT_TRUE(cache.find(1999, t0));
  EXPECT_FALSE(cache.find(1999 - PacketCache::kMaxSlots, t0));
}

TEST(PacketCache, ForgetsPacketsOlderThanItsAge) {
  PacketCache cache;
  cache.store(5, std::vector<uint8_t>{1}, t0);
  EXPECT_TRUE(cache.find(5, t0 + PacketCache::kMaxAge));
  EXPECT_FALSE(cache.find(5, t0 + PacketCache::kMaxAge + 1ms));
}

TEST(PacketCache, RefusesOversizedPacket) {
  PacketCache cache;
  cache.store(1, std::vector<uint8_t>(PacketCache::kMaxPacket + 1, 0), t0);
  EXPECT_FALSE(cache.find(1, t0));
}

}  // namespace
}  // namespace meet::engine
