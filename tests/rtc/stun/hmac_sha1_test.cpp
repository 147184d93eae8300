#include "rtc/stun/hmac_sha1.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace meet::rtc {
namespace {

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// RFC 2202 section 3, test cases 1 and 2; case 2 is split in pieces.
TEST(HmacSha1, MatchesRfc2202) {
  const std::string key1(20, '\x0b');
  HmacSha1Digest digest;
  ASSERT_TRUE(hmac_sha1(key1, {as_bytes("Hi There")}, digest));
  const HmacSha1Digest expected1 = {0xb6, 0x17, 0x31, 0x86, 0x55, 0x05, 0x72, 0x64, 0xe2, 0x8b,
                                    0xc0, 0xb6, 0xfb, 0x37, 0x8c, 0x8e, 0xf1, 0x46, 0xbe, 0x00};
  EXPECT_EQ(digest, expected1);

  ASSERT_TRUE(hmac_sha1("Jefe", {as_bytes("what do ya want "), as_bytes("for nothing?")}, digest));
  const HmacSha1Digest expected2 = {0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74,
                                    0x16, 0xd5, 0xf1, 0x84, 0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79};
  EXPECT_EQ(digest, expected2);
}

// The context is reused per thread: an empty key must not silently keep the previous one.
TEST(HmacSha1, EmptyKeyIsNotThePreviousKey) {
  HmacSha1Digest with_key;
  HmacSha1Digest empty_key;
  HmacSha1Digest empty_again;
  ASSERT_TRUE(hmac_sha1("Jefe", {as_bytes("x")}, with_key));
  ASSERT_TRUE(hmac_sha1("", {as_bytes("x")}, empty_key));
  ASSERT_TRUE(hmac_sha1("Jefe", {as_bytes("y")}, with_key));
  ASSERT_TRUE(hmac_sha1("", {as_bytes("x")}, empty_again));
  EXPECT_EQ(empty_key, empty_again);
  HmacSha1Digest jefe_x;
  ASSERT_TRUE(hmac_sha1("Jefe", {as_bytes("x")}, jefe_x));
  EXPECT_NE(empty_key, jefe_x);
}

}  // namespace
}  // namespace meet::rtc
