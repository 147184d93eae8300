// Fuzzes TRUSTED_PROXIES parsing and the X-Forwarded-For walk: the input's first line is the
// proxy list, the rest the header value; neither may crash or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/trusted_proxies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto newline = in.find('\n');
  auto list = in.substr(0, newline);
  auto header = newline == std::string_view::npos ? std::string_view{} : in.substr(newline + 1);
  auto proxies = meet::http::TrustedProxies::parse(list);
  if (!proxies) return 0;
  (void)proxies->client_address("127.0.0.1", header);
  (void)proxies->client_address("::1", header);
  return 0;
}
