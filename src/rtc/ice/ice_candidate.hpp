#pragma once
// The server's host candidates as SDP "candidate" attribute values (RFC 8839 section 5.1):
// one UDP candidate and one passive TCP candidate (RFC 6544) per media worker port.
#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <string>

#include "rtc/ice/endpoint.hpp"

namespace meet::rtc {

// RFC 8445 section 5.1.2.1:
//   priority = 2^24 * type preference + 2^8 * local preference + (256 - component id)
constexpr uint32_t ice_candidate_priority(uint32_t type_preference, uint32_t local_preference,
                                          uint32_t component) {
  return (type_preference << 24) + (local_preference << 8) + (256 - component);
}

// RFC 6544 section 4.2: for TCP candidates
//   local preference = 2^13 * direction-pref + other-pref
// (direction-pref 0..7, other-pref 0..8191).
constexpr uint32_t ice_tcp_local_preference(uint32_t direction_pref, uint32_t other_pref) {
  return (direction_pref << 13) + other_pref;
}

enum class IceTransport : uint8_t { kUdp, kTcpPassive };

struct IceCandidate {
  // Host candidates: type preference 126 (RFC 8445 section 5.1.2.2 recommends it for host);
  // a single address per transport, so the highest local preference.
  static constexpr uint32_t kHostTypePreference = 126;
  static constexpr uint32_t kUdpLocalPreference = 65535;
  // TCP host candidates rank below UDP ones (RFC 6544 section 4.2: UDP is preferred when it
  // works) so browsers fall back to TCP only when UDP fails. 90 is the type preference
  // libwebrtc gives its own TCP host candidates.
  static constexpr uint32_t kTcpHostTypePreference = 90;
  // RFC 6544 section 4.2: direction-pref 4 for passive host candidates; one of them, so the
  // highest other-pref.
  static constexpr uint32_t kTcpPassiveLocalPreference = ice_tcp_local_preference(4, 8191);

  std::string foundation;
  uint32_t component = 1;  // RTP; rtcp-mux is mandatory in WebRTC
  IceTransport transport = IceTransport::kUdp;
  uint32_t priority = 0;
  boost::asio::ip::address address;
  uint16_t port = 0;

  // Foundation "1", priority 2130706431.
  static IceCandidate host_udp(const boost::asio::ip::address& address, uint16_t port);
  // Foundation "2", priority 1520435199; `port` is the listening port.
  static IceCandidate host_tcp_passive(const boost::asio::ip::address& address, uint16_t port);
  // host_udp() or host_tcp_passive() after `local.tcp`.
  static IceCandidate host(const Endpoint& local);

  // The attribute value without "a=":
  //   candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host generation 0
  //   candidate:2 1 tcp 1520435199 192.0.2.1 443 typ host tcptype passive
  std::string to_sdp() const;
};

}  // namespace meet::rtc
