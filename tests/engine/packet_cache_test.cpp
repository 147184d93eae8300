#include "engine/packet_cache.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::engine {
namespace {

TEST(PacketCache, FindsStoredPacketUntilOverwritten) {
  PacketCache cache;
  std::vector<uint8_t> a{1, 2, 3};
  cache.store(10, a);
  auto found = cache.find(10);
  ASSERT_TRUE(found);
  EXPECT_EQ(std::vector<uint8_t>(found->begin(), found->end()), a);
  EXPECT_FALSE(cache.find(11));
  cache.store(10 + PacketCache::kSlots, std::vector<uint8_t>{9});
  EXPECT_FALSE(cache.find(10));
}

TEST(PacketCache, RefusesOversizedPacket) {
  PacketCache cache;
  cache.store(1, std::vector<uint8_t>(PacketCache::kMaxPacket + 1, 0));
  EXPECT_FALSE(cache.find(1));
}

}  // namespace
}  // namespace meet::engine
