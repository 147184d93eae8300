#include "engine/nack_generator.hpp"

#include <gtest/gtest.h>

#include <array>

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
const NackGenerator::TimePoint t0{};

TEST(NackGenerator, ReportsGapOnceThenRetriesAfterInterval) {
  NackGenerator g;
  g.on_packet(100, t0);
  g.on_packet(103, t0);  // 101 and 102 missing
  std::array<uint16_t, 8> out;
  ASSERT_EQ(g.due(t0, out), 2u);
  EXPECT_EQ(out[0], 101);
  EXPECT_EQ(out[1], 102);
  EXPECT_EQ(g.due(t0 + 10ms, out), 0u);  // too soon to ask again
  EXPECT_EQ(g.due(t0 + 60ms, out), 2u);
}

TEST(NackGenerator, RetransmissionFillsGap) {
  NackGenerator g;
  g.on_packet(65534, t0);
  g.on_packet(1, t0);  // wraps: 65535 and 0 missing
  EXPECT_EQ(g.missing(), 2u);
  EXPECT_TRUE(g.on_packet(0, t0));
  EXPECT_EQ(g.missing(), 1u);
}

TEST(NackGenerator, GivesUpAfterMaxTries) {
  NackGenerator g;
  g.on_packet(1, t0);
  g.on_packet(3, t0);
  std::array<uint16_t, 8> out;
  auto t = t0;
  for (int i = 0; i < NackGenerator::kMaxTries; ++i) {
    EXPECT_EQ(g.due(t, out), 1u);
    t += 100ms;
  }
  EXPECT_EQ(g.due(t, out), 0u);
  EXPECT_EQ(g.lost_for_good(), 1u);
}

TEST(NackGenerator, TreatsHugeJumpAsReset) {
  NackGenerator g;
  g.on_packet(10, t0);
  g.on_packet(5000, t0);
  EXPECT_EQ(g.missing(), 0u);
}

}  // namespace
}  // namespace meet::engine
