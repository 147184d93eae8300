#pragma once
// WebhookSender: one HTTP POST with libcurl (http and https only, no redirects, no signals).
// Blocking; call from the dispatcher's worker thread. Thread-safe (no shared state).
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace meet::api {

struct SendOutcome {
  std::optional<int64_t> status_code;  // absent when no HTTP response came back
  std::string error;                   // empty on a 2xx
  bool ok() const { return status_code && *status_code >= 200 && *status_code < 300; }
};

class WebhookSender {
 public:
  WebhookSender();  // initializes libcurl once per process
  SendOutcome post(const std::string& url,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body, std::chrono::milliseconds timeout) const;
};

}  // namespace meet::api
