#pragma once
// A remote (or local) transport address as the media path sees it: IP, port and whether it is
// a TCP connection (RFC 6544) rather than UDP. The engine keys its demultiplexing maps by it.
#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace meet::rtc {

struct Endpoint {
  boost::asio::ip::address address;
  uint16_t port = 0;
  bool tcp = false;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  // "192.0.2.1:5000/udp", "[2001:db8::1]:443/tcp". For logs; allocates.
  std::string to_string() const;
};

// Hash for unordered containers: std::unordered_map<Endpoint, T, EndpointHash>. std::hash is
// specialised too.
struct EndpointHash {
  size_t operator()(const Endpoint& e) const noexcept;
};

}  // namespace meet::rtc

template <>
struct std::hash<meet::rtc::Endpoint> : meet::rtc::EndpointHash {};
