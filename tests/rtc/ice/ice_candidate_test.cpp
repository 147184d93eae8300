#include "rtc/ice/ice_candidate.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

using boost::asio::ip::make_address;

TEST(IceCandidate, ComputesRfc8445Priorities) {
  // Host, local preference 65535, component 1: the value browsers show for host UDP.
  EXPECT_EQ(ice_candidate_priority(126, 65535, 1), 2130706431U);
  EXPECT_EQ(ice_candidate_priority(0, 0, 256), 0U);
  // RFC 6544: passive (4) with the highest other-pref.
  EXPECT_EQ(ice_tcp_local_preference(4, 8191), 40959U);
  EXPECT_GT(IceCandidate::host_udp(make_address("192.0.2.1"), 1).priority,
            IceCandidate::host_tcp_passive(make_address("192.0.2.1"), 1).priority);
}

TEST(IceCandidate, FormatsUdpHostCandidate) {
  EXPECT_EQ(IceCandidate::host_udp(make_address("192.0.2.1"), 40000).to_sdp(),
            "candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host generation 0");
}

TEST(IceCandidate, FormatsPassiveTcpHostCandidate) {
  EXPECT_EQ(IceCandidate::host_tcp_passive(make_address("192.0.2.1"), 443).to_sdp(),
            "candidate:2 1 tcp 1520435199 192.0.2.1 443 typ host tcptype passive");
}

TEST(IceCandidate, FormatsIpv6WithoutBrackets) {
  EXPECT_EQ(IceCandidate::host(Endpoint{make_address("2001:db8::1"), 40000}).to_sdp(),
            "candidate:1 1 udp 2130706431 2001:db8::1 40000 typ host generation 0");
  EXPECT_EQ(IceCandidate::host(Endpoint{make_address("2001:db8::1"), 443, true}).transport,
            IceTransport::kTcpPassive);
}

}  // namespace
}  // namespace meet::rtc
