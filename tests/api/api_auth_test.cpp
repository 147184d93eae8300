// Auth suite, on SQLite and PostgreSQL: every protected route refuses a missing, wrong or
// revoked key with 401 JSON, the wrong kind of key with 403, and one tenant cannot see or
// change another's meetings or webhooks (404, as if they did not exist).
#include <gtest/gtest.h>

#include "api/api_harness.hpp"

namespace meet::testing {
namespace {

template <typename Backend>
class ApiAuthTest : public ApiTest<Backend> {};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(ApiAuthTest, Backends, BackendName);

struct RouteCase {
  std::string method;
  std::string path;
  std::string body;
  bool admin;
};

// Every protected route, with real ids so that a refusal is about the key, not the path.
std::vector<RouteCase> protected_routes(const std::string& tenant, const std::string& key_id,
                                        const std::string& meeting, const std::string& webhook) {
  const std::string m = "/api/v1/meetings/" + meeting;
  const std::string t = "/api/v1/tenants/" + tenant;
  return {
      {"POST", "/api/v1/tenants", R"({"name":"x"})", true},
      {"GET", "/api/v1/tenants", "", true},
      {"GET", t, "", true},
      {"DELETE", t, "", true},
      {"POST", t + "/keys", "{}", true},
      {"GET", t + "/keys", "", true},
      {"DELETE", t + "/keys/" + key_id, "", true},
      {"POST", "/api/v1/meetings", R"({"title":"x"})", false},
      {"GET", "/api/v1/meetings", "", false},
      {"GET", m, "", false},
      {"PATCH", m, R"({"title":"y"})", false},
      {"DELETE", m, "", false},
      {"POST", m + "/end", "", false},
      {"POST", m + "/tokens", R"({"identity":"a"})", false},
      {"GET", m + "/sessions", "", false},
      {"GET", m + "/chat", "", false},
      {"GET", m + "/participants", "", false},
      {"POST", m + "/participants/p_1/mute", "{}", false},
      {"DELETE", m + "/participants/p_1", "", false},
      {"GET", "/api/v1/ice-servers", "", false},
      {"POST", "/api/v1/webhooks", R"({"url":"http://127.0.0.1:1/"})", false},
      {"GET", "/api/v1/webhooks", "", false},
      {"GET", "/api/v1/webhooks/" + webhook, "", false},
      {"DELETE", "/api/v1/webhooks/" + webhook, "", false},
      {"GET", "/api/v1/webhooks/" + webhook + "/deliveries", "", false},
  };
}

TYPED_TEST(ApiAuthTest, EveryRouteRefusesMissingWrongAndRevokedKeys) {
  auto a = this->make_tenant("a");
  auto revoked = this->make_tenant("revoked");
  const std::string meeting = this->make_meeting(a);
  auto hook = this->call("POST", "/api/v1/webhooks", a.key, R"({"url":"http://127.0.0.1:1/"})");
  ASSERT_EQ(hook.status, 201) << hook.body;
  auto r =
      this->admin("DELETE", "/api/v1/tenants/" + revoked.tenant_id + "/keys/" + revoked.key_id);
  ASSERT_EQ(r.status, 200) << r.body;

  const auto routes = protected_routes(a.tenant_id, a.key_id, meeting, hook.json()["id"]);
  for (const auto& route : routes) {
    const std::string what = route.method + " " + route.path;
    for (const std::string& key :
         {std::string(), std::string("mk_wrong"), revoked.key, std::string(300, 'k')}) {
      auto reply = this->call(route.method, route.path, key, route.body);
      EXPECT_EQ(reply.status, 401) << what << " key=" << key.substr(0, 12) << " " << reply.body;
      EXPECT_EQ(reply.error_code(), "unauthorized") << what;
      EXPECT_EQ(reply.content_type(), "application/json") << what;
    }
    // The other kind of key: a tenant key on admin routes, the admin key on tenant routes.
    auto wrong_scope =
        this->call(route.method, route.path, route.admin ? a.key : kAdminKey, route.body);
    EXPECT_EQ(wrong_scope.status, 403) << what << " " << wrong_scope.body;
    EXPECT_EQ(wrong_scope.error_code(), "forbidden") << what;
  }
  // Nothing above changed anything.
  EXPECT_EQ(this->store_->list_meetings(a.tenant_id, {0, 100})->total, 1);
  EXPECT_EQ(this->store_->get_meeting(meeting)->title, "Standup");
  EXPECT_EQ(this->store_->list_tenants({0, 100})->total, 2);
}

TYPED_TEST(ApiAuthTest, ATenantCannotSeeOrChangeAnotherTenantsMeetings) {
  auto a = this->make_tenant("a");
  auto b = this->make_tenant("b");
  const std::string meeting = this->make_meeting(a, "A's meeting");
  const std::string m = "/api/v1/meetings/" + meeting;
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {"GET", m},
      {"PATCH", m},
      {"DELETE", m},
      {"POST", m + "/end"},
      {"POST", m + "/tokens"},
      {"GET", m + "/participants"},
      {"GET", m + "/sessions"},
      {"GET", m + "/chat"},
      {"DELETE", m + "/participants/p_1"},
      {"POST", m + "/participants/p_1/mute"},
  };
  for (const auto& [method, path] : attempts) {
    auto reply = this->call(method, path, b.key, R"({"title":"hijack","identity":"x"})");
    EXPECT_EQ(reply.status, 404) << method << " " << path << " " << reply.body;
    EXPECT_EQ(reply.error_code(), "not_found");
    // Same answer as for a meeting that does not exist: existence does not leak.
    auto missing = this->call(method, "/api/v1/meetings/mtg_doesnotexist" + path.substr(m.size()),
                              b.key, R"({"title":"hijack","identity":"x"})");
    EXPECT_EQ(missing.body, reply.body) << method << " " << path;
  }
  auto list = this->call("GET", "/api/v1/meetings", b.key);
  EXPECT_EQ(list.json()["total"], 0);
  auto got = this->store_->get_meeting(meeting);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "A's meeting");
  EXPECT_EQ(got->status, store::MeetingStatus::kScheduled);
  EXPECT_TRUE(this->rooms_.ended_rooms().empty());
}

TYPED_TEST(ApiAuthTest, ATenantCannotSeeAnotherTenantsWebhooks) {
  auto a = this->make_tenant("a");
  auto b = this->make_tenant("b");
  auto hook = this->call("POST", "/api/v1/webhooks", a.key, R"({"url":"http://127.0.0.1:1/"})");
  const std::string id = hook.json()["id"];
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/webhooks/" + id},
           {"DELETE", "/api/v1/webhooks/" + id},
           {"GET", "/api/v1/webhooks/" + id + "/deliveries"}}) {
    EXPECT_EQ(this->call(method, path, b.key).status, 404) << method << " " << path;
  }
  EXPECT_EQ(this->call("GET", "/api/v1/webhooks", b.key).json()["total"], 0);
  EXPECT_TRUE(this->store_->get_webhook(id).ok());
}

TYPED_TEST(ApiAuthTest, RevokingAKeyTakesEffectAtOnce) {
  auto a = this->make_tenant("a");
  EXPECT_EQ(this->call("GET", "/api/v1/meetings", a.key).status, 200);
  auto keys = this->admin("GET", "/api/v1/tenants/" + a.tenant_id + "/keys");
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(keys.json()["items"][0]["prefix"], a.key.substr(0, 9));
  EXPECT_FALSE(keys.json()["items"][0]["last_used_at"].is_null());
  EXPECT_EQ(keys.body.find(a.key), std::string::npos) << "the secret is shown once only";
  this->admin("DELETE", "/api/v1/tenants/" + a.tenant_id + "/keys/" + a.key_id);
  EXPECT_EQ(this->call("GET", "/api/v1/meetings", a.key).status, 401);
}

TYPED_TEST(ApiAuthTest, GeneratesAnAdminKeyOnceWhenNoneIsConfigured) {
  auto options = default_test_options();
  options.admin_key.clear();
  this->start(options);
  auto secret = this->server_->api().ensure_admin_key();
  ASSERT_TRUE(secret.ok());
  ASSERT_TRUE(secret->has_value());
  EXPECT_TRUE((*secret)->starts_with("mk_"));
  auto again = this->server_->api().ensure_admin_key();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(this->call("GET", "/api/v1/tenants", **secret).status, 200);
  EXPECT_EQ(this->call("GET", "/api/v1/tenants", kAdminKey).status, 401);
  auto stored = this->store_->list_api_keys("");
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_NE((*stored)[0].secret_hash, **secret);
}

TYPED_TEST(ApiAuthTest, RateLimitsEachKeyWith429AndRetryAfter) {
  auto options = default_test_options();
  options.rate_limit = {0.01, 3};
  this->start(options);
  auto a = this->make_tenant("a");  // admin calls use the admin key's own bucket (3 tokens)
  for (int i = 0; i < 3; ++i) EXPECT_EQ(this->call("GET", "/api/v1/meetings", a.key).status, 200);
  auto limited = this->call("GET", "/api/v1/meetings", a.key);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.error_code(), "rate_limited");
  EXPECT_EQ(limited.headers["retry-after"], "100");
  // The admin key has its own bucket: make_tenant used 2 of its 3 tokens.
  EXPECT_EQ(this->admin("GET", "/api/v1/tenants").status, 200);
  EXPECT_EQ(this->admin("GET", "/api/v1/tenants").status, 429);
}

}  // namespace
}  // namespace meet::testing
