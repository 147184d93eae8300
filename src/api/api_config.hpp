#pragma once
// api_options_from: reads ApiOptions from configuration values (app/ passes a lookup over
// flags > env > .env). Names: MEET_ADMIN_KEY, MEET_TOKEN_SECRET, PUBLIC_URL, STUN_URLS,
// TURN_URLS (comma-separated), TURN_SECRET, TURN_TTL (seconds), API_RATE_LIMIT (requests/s,
// 0 = off), API_RATE_BURST, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS.
// Returns a message naming the variable when a value does not parse. An empty
// MEET_TOKEN_SECRET is left empty: app/ decides (refuse to start, or generate one).
#include <functional>
#include <optional>
#include <string>

#include "api/api_options.hpp"
#include "common/result.hpp"

namespace meet::api {

using ConfigLookup = std::function<std::optional<std::string>(const std::string& name)>;

Result<ApiOptions, std::string> api_options_from(const ConfigLookup& lookup);

}  // namespace meet::api
