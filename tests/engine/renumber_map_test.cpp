// Renumbering over items left out on purpose: what follows a skip at the head closes up on
// it, a late item keeps the number of its place, and numbers map back across the skips.
#include "engine/renumber_map.hpp"

#include <gtest/gtest.h>

namespace meet::engine {
namespace {

TEST(RenumberMap, SkipsAtTheHeadCloseUpAcrossTheWrap) {
  RenumberMap m;
  m.reset(65534, 100);
  EXPECT_EQ(m.map(65534), 100);
  m.skip(65535);  // a frame of two packets left out
  m.skip(0);
  EXPECT_EQ(m.map(1), 101);
  m.skip(2);
  EXPECT_EQ(m.map(3), 102);
  EXPECT_EQ(m.unmap(101), 1);
  EXPECT_EQ(m.unmap(100), 65534);
  EXPECT_EQ(m.unmap(102), 3);
  EXPECT_EQ(m.unmap(103), std::nullopt);  // not given out yet
  EXPECT_EQ(m.map(65533), std::nullopt);  // before the reset
}

TEST(RenumberMap, AGapOfWhatNeverCameStaysForTheLatePacket) {
  RenumberMap m;
  m.reset(10, 500);
  EXPECT_EQ(m.map(10), 500);
  EXPECT_EQ(m.map(13), 503);  // 11 and 12 did not come (yet)
  m.skip(14);
  EXPECT_EQ(m.map(15), 504);
  EXPECT_EQ(m.map(11), 501);  // late: into its own place
  EXPECT_EQ(m.lookup(12), 502);
  EXPECT_EQ(m.unmap(502), 12);  // a NACK of the gap names the packet that would fill it
  m.skip(12);                   // late and left out: its place stays a gap
  EXPECT_EQ(m.map(16), 505);
}

TEST(RenumberMap, PictureIdsInTheirOwnWidth) {
  RenumberMap m;
  m.reset(0x7ffe, 0x10, 0x7fff);
  EXPECT_EQ(m.map(0x7ffe), 0x10);
  m.skip(0x7fff);
  EXPECT_EQ(m.map(0), 0x11);
  RenumberMap small;
  small.reset(126, 5, 0x7f);
  small.skip(127);
  EXPECT_EQ(small.map(0), 5 + 1);
  EXPECT_EQ(small.map(1), 7);
}

TEST(RenumberMap, ForgetsWhatIsFarBehindAndStaysRightOverALongStream) {
  RenumberMap m;
  m.reset(0, 0);
  uint16_t out = 0;
  // 200000 packets, one in ten left out: more offset changes than the ring holds, and the
  // number space wraps three times.
  for (uint32_t i = 0; i < 200000; ++i) {
    const auto in = static_cast<uint16_t>(i);
    if (i % 10 == 9) {
      m.skip(in);
      continue;
    }
    ASSERT_EQ(m.map(in), out) << i;
    ++out;
  }
  EXPECT_EQ(m.unmap(static_cast<uint16_t>(out - 1)), static_cast<uint16_t>(199998));
  EXPECT_EQ(m.map(static_cast<uint16_t>(199998 - 30000)), std::nullopt);  // too old
}

}  // namespace
}  // namespace meet::engine
