#pragma once
// WebhookSender: one HTTP POST with libcurl (http and https only, no redirects, no proxy, no
// signals), connecting only to public addresses unless private ones are allowed; the check is
// on the address actually connected to, after DNS. Blocking; call from the dispatcher's
// worker thread. Thread-safe (no shared state).
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
  explicit WebhookSender(bool allow_private_addresses);  // initializes libcurl once per process
  SendOutcome post(const std::string& url,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body, std::chrono::milliseconds timeout) const;

 private:
  bool allow_private_addresses_;
};

}  // namespace meet::api
