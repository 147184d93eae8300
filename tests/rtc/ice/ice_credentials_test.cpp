#include "rtc/ice/ice_credentials.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace meet::rtc {
namespace {

bool all_ice_chars(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

TEST(IceCredentials, GeneratesIceCharsOfTheRightLength) {
  const auto a = IceCredentials::generate();
  EXPECT_EQ(a.ufrag.size(), 8U);
  EXPECT_EQ(a.pwd.size(), 24U);
  EXPECT_TRUE(all_ice_chars(a.ufrag)) << a.ufrag;
  EXPECT_TRUE(all_ice_chars(a.pwd)) << a.pwd;
  const auto b = IceCredentials::generate();
  EXPECT_NE(a.ufrag, b.ufrag);
  EXPECT_NE(a.pwd, b.pwd);
}

}  // namespace
}  // namespace meet::rtc
