#include "rtc/ice/endpoint.hpp"

namespace meet::rtc {

std::string Endpoint::to_string() const {
  std::string out;
  if (address.is_v6()) {
    out = "[" + address.to_string() + "]";
  } else {
    out = address.to_string();
  }
  out += ":" + std::to_string(port) + (tcp ? "/tcp" : "/udp");
  return out;
}

size_t EndpointHash::operator()(const Endpoint& e) const noexcept {
  size_t h = std::hash<boost::asio::ip::address>()(e.address);
  // boost::hash_combine's mixing step.
  const size_t rest = (size_t{e.port} << 1) | (e.tcp ? 1U : 0U);
  h ^= rest + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace meet::rtc
