#pragma once
// AzureHttp: one blocking HTTP request over libcurl, for AzureBlobStore. Thread-safe (a curl
// easy handle per call; curl_global_init runs once).
#include <chrono>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace meet::storage {

struct HttpExchange {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::span<const uint8_t> body;
};

struct HttpAnswer {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;

  std::string header(std::string_view lower_name) const;
};

struct HttpTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds total{60'000};
};

// Err: a transport failure (refused, reset, timeout), as curl's message.
Result<HttpAnswer, std::string> http_exchange(const HttpExchange& request, HttpTimeouts timeouts);

}  // namespace meet::storage
