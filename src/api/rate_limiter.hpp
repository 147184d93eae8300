#pragma once
// RateLimiter: one token bucket per API key. A bucket holds up to `burst` tokens and refills
// at `per_second`; each request takes one. Thread-safe (one mutex).
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"

namespace meet::api {

struct RateLimit {
  double per_second = 50;  // <= 0 disables limiting
  double burst = 100;
};

class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const Clock& clock) : limit_(limit), clock_(clock) {}

  // nullopt when the request may proceed; otherwise the whole seconds to wait (>= 1), for
  // the Retry-After header.
  std::optional<int64_t> take(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  RateLimit limit_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace meet::api
