#include "api/public_address.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string>

namespace meet::api {
namespace {

// Parses `text` as IPv4 or IPv6 and asks is_public_address about it.
bool public_text(const std::string& text) {
  sockaddr_in in{};
  if (inet_pton(AF_INET, text.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return is_public_address(reinterpret_cast<const sockaddr*>(&in));
  }
  sockaddr_in6 in6{};
  EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr), 1) << text;
  in6.sin6_family = AF_INET6;
  return is_public_address(reinterpret_cast<const sockaddr*>(&in6));
}

TEST(PublicAddress, RefusesLocalPrivateAndSpecialRanges) {
  for (const char* text : {
           "0.0.0.0",
           "127.0.0.1",
           "127.255.255.254",
           "10.0.0.1",
           "10.255.255.255",
           "172.16.0.1",
           "172.31.255.255",
           "192.168.1.1",
           "169.254.169.254",  // cloud metadata
           "100.64.0.1",
           "100.127.255.255",
           "192.0.0.8",
           "198.18.0.1",
           "198.19.255.255",
           "224.0.0.1",
           "239.255.255.250",
           "255.255.255.255",
           "::",
           "::1",
           "fc00::1",
           "fd12:3456::1",
           "fe80::1",
           "febf::1",
           "ff02::1",
           "::ffff:127.0.0.1",
           "::ffff:10.1.2.3",
           "::ffff:169.254.169.254",
           "::127.0.0.1",
       }) {
    EXPECT_FALSE(public_text(text)) << text;
  }
}

TEST(PublicAddress, AcceptsGlobalUnicast) {
  for (const char* text :
       {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.0.1", "100.128.0.1",
        "192.169.0.1", "198.17.0.1", "223.255.255.254", "2001:4860:4860::8888", "2606:4700::1111",
        "::ffff:8.8.4.4", "fec0::1"}) {
    EXPECT_TRUE(public_text(text)) << text;
  }
}

TEST(PublicAddress, OtherFamiliesAreNotPublic) {
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_FALSE(is_public_address(&unix_address));
  EXPECT_FALSE(is_public_address(nullptr));
}

}  // namespace
}  // namespace meet::api
