#include "common/bytes.hpp"

#include <gtest/gtest.h>

#include <array>

namespace meet {

TEST(Bytes, RoundTripsBigEndian) {
  std::array<uint8_t, 8> b{};
  store_be32(b, 0, 0x01020304);
  store_be16(b, 4, 0xa0b0);
  EXPECT_EQ(b[0], 0x01);
  EXPECT_EQ(b[3], 0x04);
  EXPECT_EQ(load_be32(b, 0), 0x01020304u);
  EXPECT_EQ(load_be16(b, 4), 0xa0b0);
  EXPECT_EQ(load_be24(b, 1), 0x020304u);
}

}  // namespace meet
