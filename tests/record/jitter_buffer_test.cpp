#include "record/jitter_buffer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::record {
namespace {

constexpr int64_t kMs = 1'000'000;

std::vector<uint8_t> packet(uint16_t seq) {
  return {0x80, 0x60, static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq)};
}

uint16_t seq_of(const JitterBuffer::Packet& p) {
  return static_cast<uint16_t>((p.bytes[2] << 8) | p.bytes[3]);
}

TEST(JitterBuffer, ReordersWithinTheWait) {
  JitterBuffer jb(100 * kMs);
  jb.push(packet(10), 10, 0, 0);
  ASSERT_EQ(seq_of(*jb.pop(0)), 10);
  jb.push(packet(12), 12, 1 * kMs, 0);
  EXPECT_FALSE(jb.pop(1 * kMs));  // 11 is missing and may still come
  jb.push(packet(11), 11, 2 * kMs, 0);
  auto a = jb.pop(2 * kMs);
  ASSERT_TRUE(a);
  EXPECT_EQ(seq_of(*a), 11);
  EXPECT_FALSE(a->after_gap);
  EXPECT_EQ(seq_of(*jb.pop(2 * kMs)), 12);
  EXPECT_FALSE(jb.pop(2 * kMs));
}

TEST(JitterBuffer, SkipsALossAfterTheWait) {
  JitterBuffer jb(100 * kMs);
  jb.push(packet(65535), 65535, 0, 0);
  ASSERT_TRUE(jb.pop(0));
  jb.push(packet(1), 1, 10 * kMs, 0);  // 0 lost, across the wrap
  EXPECT_FALSE(jb.pop(50 * kMs));
  auto p = jb.pop(111 * kMs);
  ASSERT_TRUE(p);
  EXPECT_EQ(seq_of(*p), 1);
  EXPECT_TRUE(p->after_gap);
  EXPECT_EQ(jb.skipped(), 1u);
  // The lost one arriving now is late.
  EXPECT_FALSE(jb.push(packet(0), 0, 112 * kMs, 0));
  EXPECT_EQ(jb.late(), 1u);
}

TEST(JitterBuffer, CountsDuplicates) {
  JitterBuffer jb(100 * kMs);
  jb.push(packet(5), 5, 0, 0);
  jb.push(packet(7), 7, 0, 0);
  EXPECT_FALSE(jb.push(packet(7), 7, 0, 0));
  EXPECT_EQ(jb.duplicates(), 1u);
}

TEST(JitterBuffer, AJumpRestartsWithAGap) {
  JitterBuffer jb(100 * kMs);
  jb.push(packet(100), 100, 0, 0);
  ASSERT_TRUE(jb.pop(0));
  jb.push(packet(30000), 30000, 1 * kMs, 0);
  auto p = jb.pop(1 * kMs);
  ASSERT_TRUE(p);
  EXPECT_EQ(seq_of(*p), 30000);
  EXPECT_TRUE(p->after_gap);
}

}  // namespace
}  // namespace meet::record
