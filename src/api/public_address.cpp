#include "api/public_address.hpp"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace meet::api {

bool is_public_ipv4(std::array<uint8_t, 4> a) {
  const uint8_t b0 = a[0], b1 = a[1];
  if (b0 == 0 || b0 == 10 || b0 == 127) return false;   // this network, RFC 1918, loopback
  if (b0 == 100 && (b1 & 0xc0) == 64) return false;     // 100.64.0.0/10 CGNAT
  if (b0 == 169 && b1 == 254) return false;             // link-local (cloud metadata)
  if (b0 == 172 && (b1 & 0xf0) == 16) return false;     // 172.16.0.0/12
  if (b0 == 192 && b1 == 168) return false;             // 192.168.0.0/16
  if (b0 == 192 && b1 == 0 && a[2] == 0) return false;  // 192.0.0.0/24 IETF protocol
  if (b0 == 198 && (b1 & 0xfe) == 18) return false;     // 198.18.0.0/15 benchmarking
  if (b0 >= 224) return false;                          // multicast, reserved, broadcast
  return true;
}

bool is_public_ipv6(const std::array<uint8_t, 16>& a) {
  const auto zero = [&](size_t from, size_t to) {
    return std::all_of(a.begin() + from, a.begin() + to, [](uint8_t b) { return b == 0; });
  };
  if (zero(0, 15) && (a[15] == 0 || a[15] == 1)) return false;  // :: and ::1
  if ((a[0] & 0xfe) == 0xfc) return false;                      // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;      // fe80::/10 link-local
  if (a[0] == 0xff) return false;                               // multicast
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) carry an IPv4 address.
  if (zero(0, 10) && ((a[10] == 0xff && a[11] == 0xff) || (a[10] == 0 && a[11] == 0))) {
    return is_public_ipv4({a[12], a[13], a[14], a[15]});
  }
  return true;
}

bool is_public_address(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    std::array<uint8_t, 4> a{};
    std::memcpy(a.data(), &in.sin_addr, 4);
    return is_public_ipv4(a);
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    std::array<uint8_t, 16> a{};
    std::memcpy(a.data(), &in6.sin6_addr, 16);
    return is_public_ipv6(a);
  }
  return false;
}

}  // namespace meet::api
