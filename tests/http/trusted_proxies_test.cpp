#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace meet::http {
namespace {

namespace ip = boost::asio::ip;

TrustedProxies parse_ok(std::string_view list) {
  auto t = TrustedProxies::parse(list);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error());
  return t.ok() ? t.value() : TrustedProxies{};
}

TEST(TrustedProxies, ParsesAddressesAndBlocks) {
  auto t = parse_ok(" 127.0.0.1, 10.0.0.0/8,,::1/128 , fd00::/8");
  EXPECT_TRUE(t.contains(ip::make_address("127.0.0.1")));
  EXPECT_FALSE(t.contains(ip::make_address("127.0.0.2")));
  EXPECT_TRUE(t.contains(ip::make_address("10.200.3.4")));
  EXPECT_FALSE(t.contains(ip::make_address("11.0.0.1")));
  EXPECT_TRUE(t.contains(ip::make_address("::1")));
  EXPECT_TRUE(t.contains(ip::make_address("fd12::5")));
  EXPECT_FALSE(t.contains(ip::make_address("fe80::1")));
  // A v4-mapped peer (dual-stack listener) matches the IPv4 block.
  EXPECT_TRUE(t.contains(ip::make_address("::ffff:10.1.2.3")));
}

TEST(TrustedProxies, OddPrefixes) {
  auto t = parse_ok("172.16.0.0/12,0.0.0.0/0");
  EXPECT_TRUE(t.contains(ip::make_address("8.8.8.8")));
  auto u = parse_ok("172.16.0.0/12");
  EXPECT_TRUE(u.contains(ip::make_address("172.31.255.255")));
  EXPECT_FALSE(u.contains(ip::make_address("172.32.0.0")));
}

TEST(TrustedProxies, RejectsBadEntries) {
  for (const char* bad : {"10.0.0.0/33", "::1/129", "nginx", "10.0.0.0/", "10.0.0.0/x",
                          "1.2.3.4/8/8", "10.0.0.0/-1", "300.1.1.1"}) {
    auto t = TrustedProxies::parse(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.error().find("TRUSTED_PROXIES"), std::string::npos);
  }
  EXPECT_TRUE(TrustedProxies::parse("").ok());
}

TEST(TrustedProxies, UntrustedPeerKeepsItsOwnAddress) {
  auto t = parse_ok("127.0.0.1");
  EXPECT_EQ(t.client_address("192.0.2.7", "203.0.113.9"), "192.0.2.7");
  EXPECT_EQ(TrustedProxies{}.client_address("127.0.0.1", "203.0.113.9"), "127.0.0.1");
}

TEST(TrustedProxies, TrustedPeerNamesTheClient) {
  auto t = parse_ok("127.0.0.1,10.0.0.0/8");
  EXPECT_EQ(t.client_address("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // A forged first entry, then the real client as added by our proxies: the right-most
  // untrusted one wins.
  EXPECT_EQ(t.client_address("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.5"), "203.0.113.9");
  // Nothing forwarded: the proxy itself.
  EXPECT_EQ(t.client_address("127.0.0.1", ""), "127.0.0.1");
  // Everything trusted: the left-most.
  EXPECT_EQ(t.client_address("127.0.0.1", "10.0.0.9, 10.0.0.5"), "10.0.0.9");
  // Garbage stops the walk at the last good hop.
  EXPECT_EQ(t.client_address("127.0.0.1", "203.0.113.9, unknown"), "127.0.0.1");
  EXPECT_EQ(t.client_address("127.0.0.1", "bogus, 203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(t.client_address("::ffff:127.0.0.1", "2001:db8::1"), "2001:db8::1");
}

}  // namespace
}  // namespace meet::http
