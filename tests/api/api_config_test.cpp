#include "api/api_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace meet::api {
namespace {

ConfigLookup from(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ApiConfig, ReadsEveryVariable) {
  auto o = api_options_from(from({{"MEET_ADMIN_KEY", "adm"},
                                  {"MEET_TOKEN_SECRET", "tok"},
                                  {"PUBLIC_URL", "https://meet.example.com/"},
                                  {"STUN_URLS", "stun:a:3478, stun:b:3478"},
                                  {"TURN_URLS", "turn:t:3478?transport=udp,turns:t:5349"},
                                  {"TURN_SECRET", "north"},
                                  {"TURN_TTL", "600"},
                                  {"API_RATE_LIMIT", "2.5"},
                                  {"API_RATE_BURST", "10"},
                                  {"WEBHOOK_MAX_ATTEMPTS", "3"},
                                  {"WEBHOOK_BACKOFF_MS", "250"},
                                  {"WEBHOOK_ALLOW_PRIVATE", "true"}}));
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o->admin_key, "adm");
  EXPECT_EQ(o->token_secret, "tok");
  EXPECT_EQ(o->public_url, "https://meet.example.com");
  EXPECT_EQ(o->stun_urls, (std::vector<std::string>{"stun:a:3478", "stun:b:3478"}));
  EXPECT_EQ(o->turn.urls.size(), 2u);
  EXPECT_EQ(o->turn.secret, "north");
  EXPECT_EQ(o->turn.ttl_seconds, 600);
  EXPECT_DOUBLE_EQ(o->rate_limit.per_second, 2.5);
  EXPECT_DOUBLE_EQ(o->rate_limit.burst, 10);
  EXPECT_EQ(o->webhooks.max_attempts, 3);
  EXPECT_EQ(o->webhooks.initial_backoff, std::chrono::milliseconds(250));
  EXPECT_TRUE(o->webhooks.allow_private_addresses);
}

TEST(ApiConfig, KeepsDefaultsAndRejectsBadNumbers) {
  auto o = api_options_from(from({}));
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->stun_urls.empty());
  EXPECT_EQ(o->webhooks.max_attempts, 5);
  EXPECT_FALSE(o->webhooks.allow_private_addresses);
  EXPECT_DOUBLE_EQ(o->rate_limit.per_second, 50);
  for (const auto& [name, value] :
       std::map<std::string, std::string>{{"TURN_TTL", "1h"},
                                          {"API_RATE_LIMIT", "-1"},
                                          {"API_RATE_BURST", "0"},
                                          {"WEBHOOK_MAX_ATTEMPTS", "99"},
                                          {"WEBHOOK_BACKOFF_MS", "x"},
                                          {"WEBHOOK_ALLOW_PRIVATE", "yes"},
                                          {"API_RATE_LIMIT", "nan"}}) {
    auto bad = api_options_from(from({{name, value}}));
    ASSERT_FALSE(bad.ok()) << name;
    EXPECT_NE(bad.error().find(name), std::string::npos);
  }
}

}  // namespace
}  // namespace meet::api
