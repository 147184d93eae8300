#include "rtc/stun/crc32.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace meet::rtc {
namespace {

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Crc32, MatchesTheCheckValue) {
  // The standard check value of CRC-32/ISO-HDLC.
  EXPECT_EQ(crc32(as_bytes("123456789")), 0xCBF43926U);
  EXPECT_EQ(crc32({}), 0U);
  static_assert(crc32(std::span<const uint8_t>{}) == 0U);
}

}  // namespace
}  // namespace meet::rtc
