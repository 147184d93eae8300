#pragma once
// Everything the Api needs from configuration (app/ fills it from flags > env > .env).
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "api/ice_servers.hpp"
#include "api/rate_limiter.hpp"
#include "api/recording_options.hpp"
#include "common/metrics.hpp"

namespace meet::api {

struct WebhookOptions {
  int max_attempts = 5;                             // first try included
  std::chrono::milliseconds initial_backoff{1000};  // doubles after each failure: 1 s, 2 s, 4 s...
  std::chrono::milliseconds request_timeout{10'000};  // per attempt
  // WEBHOOK_ALLOW_PRIVATE: let webhook URLs reach loopback and private networks (a single
  // operator's own receivers). Off, only public addresses are called (api/public_address.hpp).
  bool allow_private_addresses = false;
};

struct ApiOptions {
  std::string admin_key;     // MEET_ADMIN_KEY; empty: generated at first start (ensure_admin_key)
  std::string token_secret;  // MEET_TOKEN_SECRET: HS256 key of join tokens, shared with signal/
  std::string public_url;    // PUBLIC_URL, e.g. "https://meet.example.com" (no trailing slash)
  std::vector<std::string> stun_urls;  // STUN_URLS, comma separated in the environment
  TurnConfig turn;                     // TURN_URLS, TURN_SECRET, TURN_TTL
  RateLimit rate_limit;                // API_RATE_LIMIT (per second), API_RATE_BURST
  WebhookOptions webhooks;
  // APP_MEETINGS: the web app may create meetings and hand out guest tokens for them without
  // an API key (api/app_routes.hpp). Off when the operator's backend makes every meeting.
  bool app_meetings = true;
  MetricsRegistry* metrics = nullptr;  // nullptr: the process-wide meet::metrics()
  // More Prometheus text appended to /metrics (the media engine's lock-free counters).
  std::function<std::string()> extra_metrics;
  RecordingOptions recording;  // issue 14: recorder, BlobStore, RECORDING_DIR_PATH
};

}  // namespace meet::api
