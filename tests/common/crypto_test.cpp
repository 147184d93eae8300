#include "common/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

#include "common/base64.hpp"

namespace meet {
namespace {

TEST(Crypto, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, HmacSha256MatchesRfc4231Case1) {
  std::vector<uint8_t> key(20, 0x0b);
  std::string data = "Hi There";
  EXPECT_EQ(to_hex(hmac_sha256(
                key, std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(Crypto, HmacSha1MatchesRfc2202Case2) {
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, HmacAcceptsEmptyKeyAndData) {
  // HMAC-SHA256 with empty key and message (well-known value).
  EXPECT_EQ(to_hex(hmac_sha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Crypto, Sha256MatchesFips180Vectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Crypto, RandomBytesHaveRequestedLengthAndDiffer) {
  EXPECT_TRUE(random_bytes(0).empty());
  auto a = random_bytes(32);
  auto b = random_bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(Crypto, RandomTokenIsUrlSafeAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = random_token(16);
    EXPECT_EQ(t.size(), 22u);  // 16 bytes -> 22 unpadded symbols
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    auto decoded = base64url_decode(t);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->size(), 16u);
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
}

}  // namespace
}  // namespace meet
