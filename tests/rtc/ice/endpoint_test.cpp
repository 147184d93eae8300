#include "rtc/ice/endpoint.hpp"

#include <gtest/gtest.h>

#include <unordered_map>
#include <unordered_set>

namespace meet::rtc {
namespace {

using boost::asio::ip::make_address;

TEST(Endpoint, ComparesAllFields) {
  const Endpoint a{make_address("192.0.2.1"), 5000};
  EXPECT_EQ(a, (Endpoint{make_address("192.0.2.1"), 5000}));
  EXPECT_NE(a, (Endpoint{make_address("192.0.2.2"), 5000}));
  EXPECT_NE(a, (Endpoint{make_address("192.0.2.1"), 5001}));
  EXPECT_NE(a, (Endpoint{make_address("192.0.2.1"), 5000, true}));
}

TEST(Endpoint, WorksAsAMapKey) {
  std::unordered_map<Endpoint, int, EndpointHash> by_endpoint;
  by_endpoint[{make_address("192.0.2.1"), 5000}] = 1;
  by_endpoint[{make_address("192.0.2.1"), 5000, true}] = 2;
  by_endpoint[{make_address("2001:db8::1"), 5000}] = 3;
  EXPECT_EQ(by_endpoint.size(), 3U);
  EXPECT_EQ((by_endpoint[{make_address("192.0.2.1"), 5000, true}]), 2);
  std::unordered_set<Endpoint> set;  // std::hash works too
  set.insert({make_address("192.0.2.1"), 5000});
  EXPECT_EQ(set.count({make_address("192.0.2.1"), 5000}), 1U);
}

TEST(Endpoint, FormatsForLogs) {
  EXPECT_EQ((Endpoint{make_address("192.0.2.1"), 5000}).to_string(), "192.0.2.1:5000/udp");
  EXPECT_EQ((Endpoint{make_address("2001:db8::1"), 443, true}).to_string(),
            "[2001:db8::1]:443/tcp");
}

}  // namespace
}  // namespace meet::rtc
