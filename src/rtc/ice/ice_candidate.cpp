#include "rtc/ice/ice_candidate.hpp"

namespace meet::rtc {

IceCandidate IceCandidate::host_udp(const boost::asio::ip::address& address, uint16_t port) {
  IceCandidate c;
  c.foundation = "1";
  c.transport = IceTransport::kUdp;
  c.priority = ice_candidate_priority(kHostTypePreference, kUdpLocalPreference, c.component);
  c.address = address;
  c.port = port;
  return c;
}

IceCandidate IceCandidate::host_tcp_passive(const boost::asio::ip::address& address,
                                            uint16_t port) {
  IceCandidate c;
  c.foundation = "2";
  c.transport = IceTransport::kTcpPassive;
  c.priority =
      ice_candidate_priority(kTcpHostTypePreference, kTcpPassiveLocalPreference, c.component);
  c.address = address;
  c.port = port;
  return c;
}

IceCandidate IceCandidate::host(const Endpoint& local) {
  return local.tcp ? host_tcp_passive(local.address, local.port)
                   : host_udp(local.address, local.port);
}

std::string IceCandidate::to_sdp() const {
  const bool tcp = transport == IceTransport::kTcpPassive;
  std::string out = "candidate:" + foundation + " " + std::to_string(component) +
                    (tcp ? " tcp " : " udp ") + std::to_string(priority) + " " +
                    address.to_string() + " " + std::to_string(port) + " typ host";
  out += tcp ? " tcptype passive" : " generation 0";
  return out;
}

}  // namespace meet::rtc
