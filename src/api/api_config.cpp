#include "api/api_config.hpp"

#include <charconv>
#include <cmath>

namespace meet::api {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return out;
}

template <typename T>
bool parse_number(const std::string& text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<ApiOptions, std::string> api_options_from(const ConfigLookup& lookup) {
  ApiOptions o;
  auto get = [&](const char* name) { return lookup(name).value_or(""); };
  o.admin_key = get("MEET_ADMIN_KEY");
  o.token_secret = get("MEET_TOKEN_SECRET");
  o.public_url = get("PUBLIC_URL");
  while (o.public_url.ends_with('/')) o.public_url.pop_back();
  o.stun_urls = split_list(get("STUN_URLS"));
  o.turn.urls = split_list(get("TURN_URLS"));
  o.turn.secret = get("TURN_SECRET");
  if (auto ttl = get("TURN_TTL"); !ttl.empty()) {
    if (!parse_number(ttl, o.turn.ttl_seconds) || o.turn.ttl_seconds < 60) {
      return make_error(std::string("TURN_TTL must be an integer >= 60 (seconds)"));
    }
  }
  if (auto rate = get("API_RATE_LIMIT"); !rate.empty()) {
    if (!parse_number(rate, o.rate_limit.per_second) || !std::isfinite(o.rate_limit.per_second) ||
        o.rate_limit.per_second < 0) {
      return make_error(std::string("API_RATE_LIMIT must be a number >= 0 (requests/s)"));
    }
  }
  if (auto burst = get("API_RATE_BURST"); !burst.empty()) {
    if (!parse_number(burst, o.rate_limit.burst) || !std::isfinite(o.rate_limit.burst) ||
        o.rate_limit.burst < 1) {
      return make_error(std::string("API_RATE_BURST must be a number >= 1"));
    }
  }
  if (auto attempts = get("WEBHOOK_MAX_ATTEMPTS"); !attempts.empty()) {
    if (!parse_number(attempts, o.webhooks.max_attempts) || o.webhooks.max_attempts < 1 ||
        o.webhooks.max_attempts > 20) {
      return make_error(std::string("WEBHOOK_MAX_ATTEMPTS must be an integer in 1..20"));
    }
  }
  if (auto allow = get("WEBHOOK_ALLOW_PRIVATE"); !allow.empty()) {
    if (allow == "true" || allow == "1") {
      o.webhooks.allow_private_addresses = true;
    } else if (allow != "false" && allow != "0") {
      return make_error(std::string("WEBHOOK_ALLOW_PRIVATE must be true or false"));
    }
  }
  if (auto app = get("APP_MEETINGS"); !app.empty()) {
    if (app == "true" || app == "1") {
      o.app_meetings = true;
    } else if (app == "false" || app == "0") {
      o.app_meetings = false;
    } else {
      return make_error(std::string("APP_MEETINGS must be true or false"));
    }
  }
  if (auto backoff = get("WEBHOOK_BACKOFF_MS"); !backoff.empty()) {
    int64_t ms = 0;
    if (!parse_number(backoff, ms) || ms < 1) {
      return make_error(std::string("WEBHOOK_BACKOFF_MS must be an integer >= 1"));
    }
    o.webhooks.initial_backoff = std::chrono::milliseconds(ms);
  }
  return o;
}

}  // namespace meet::api
