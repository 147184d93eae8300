#include "common/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace meet {
namespace {

std::string str(const std::vector<uint8_t>& v) {
  return std::string(v.begin(), v.end());
}

// RFC 4648 section 10 test vectors.
struct Vector {
  const char* plain;
  const char* std;
  const char* url;
};
constexpr Vector kVectors[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};

TEST(Base64, EncodesRfc4648Vectors) {
  for (const auto& v : kVectors) {
    EXPECT_EQ(base64_encode(std::string_view(v.plain)), v.std) << v.plain;
    EXPECT_EQ(base64url_encode(std::string_view(v.plain)), v.url) << v.plain;
  }
}

TEST(Base64, DecodesRfc4648Vectors) {
  for (const auto& v : kVectors) {
    auto a = base64_decode(v.std);
    ASSERT_TRUE(a.has_value()) << v.std;
    EXPECT_EQ(str(*a), v.plain);
    auto b = base64url_decode(v.url);
    ASSERT_TRUE(b.has_value()) << v.url;
    EXPECT_EQ(str(*b), v.plain);
  }
}

TEST(Base64, UrlAlphabetDiffersFromStandard) {
  const std::vector<uint8_t> bytes = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64url_encode(bytes), "-_-_");
  EXPECT_EQ(*base64url_decode("-_-_"), bytes);
  EXPECT_EQ(*base64_decode("+/+/"), bytes);
}

TEST(Base64, RoundTripsAllByteValues) {
  std::vector<uint8_t> all;
  for (int i = 0; i < 256; ++i) all.push_back(uint8_t(i));
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::vector<uint8_t> part(all.begin(), all.begin() + long(n));
    EXPECT_EQ(*base64_decode(base64_encode(part)), part);
    EXPECT_EQ(*base64url_decode(base64url_encode(part)), part);
  }
}

TEST(Base64, RejectsBadStandardInput) {
  const char* bad[] = {
      "Zg=",       // length not a multiple of 4
      "Zg",        // missing padding
      "Zh==",      // unused bits not zero
      "Z===",      // too much padding
      "====",      // padding only
      "Zg==Zg==",  // padding in the middle
      "Zm9v\n",    // whitespace
      "Zm-_",      // url alphabet
      "Zm9=v",     // stray '='
      "AB=C",      // '=' before a symbol
  };
  for (const char* s : bad) EXPECT_FALSE(base64_decode(s).has_value()) << s;
}

TEST(Base64, RejectsBadUrlInput) {
  const char* bad[] = {
      "Z",      // one symbol cannot hold a byte
      "Zg==",   // padding not allowed
      "Zh",     // unused bits not zero
      "Zm+/",   // standard alphabet
      "Zm9v ",  // whitespace
      "\x80",   // non-ASCII
  };
  for (const char* s : bad) EXPECT_FALSE(base64url_decode(s).has_value()) << s;
}

}  // namespace
}  // namespace meet
