// Bad-input suite, on SQLite and PostgreSQL: malformed JSON, wrong types, missing fields,
// oversized bodies, unknown routes, absurd pagination, SQL metacharacters and non-UTF-8 bytes
// in every string field. Each gets its documented 4xx with a JSON error (never a 5xx), and
// the stored data is unchanged.
#include <gtest/gtest.h>

#include "api/api_harness.hpp"

namespace meet::testing {
namespace {

template <typename Backend>
class ApiBadInputTest : public ApiTest<Backend> {
 protected:
  void SetUp() override {
    ApiTest<Backend>::SetUp();
    if (!this->server_) return;
    t_ = this->make_tenant("acme");
    meeting_ = this->make_meeting(t_, "Original");
    this->rooms_.add(meeting_, {"p_1", "ann", "Ann", 1, {{"t_1", "audio", "microphone", false}}});
    auto hook = this->call("POST", "/api/v1/webhooks", t_.key, R"({"url":"http://127.0.0.1:1/"})");
    webhook_ = hook.json().value("id", "");
    before_ = snapshot();
  }

  // Everything a bad request could have changed, as text.
  std::string snapshot() {
    auto& s = *this->store_;
    nlohmann::json j;
    const auto tenants = s.list_tenants({0, 100});
    const auto meetings = s.list_meetings(t_.tenant_id, {0, 100});
    const auto keys = s.list_api_keys(t_.tenant_id);
    const auto hooks = s.list_webhooks(t_.tenant_id);
    if (!tenants || !meetings || !keys || !hooks) return "store failed";
    for (const auto& t : tenants->items) j["tenants"].push_back(t.name);
    for (const auto& m : meetings->items) {
      j["meetings"].push_back({m.id, m.title, m.settings.features, store::to_string(m.status),
                               m.settings.max_participants, m.updated_at_ms});
    }
    for (const auto& k : *keys) j["keys"].push_back({k.id, k.name});
    for (const auto& w : *hooks) j["hooks"].push_back({w.url, w.events});
    j["muted"] = this->rooms_.participants(meeting_)[0].tracks[0].muted;
    return j.dump();
  }

  // One JSON-accepting route: where, which key, and a valid body with "@@" where a string
  // field goes.
  struct BodyRoute {
    std::string method;
    std::string path;
    bool admin;
    std::vector<std::string> templates;  // one per string field
  };
  std::vector<BodyRoute> body_routes() {
    const std::string m = "/api/v1/meetings/" + meeting_;
    return {
        {"POST", "/api/v1/tenants", true, {R"({"name":"@@"})"}},
        {"POST", "/api/v1/tenants/" + t_.tenant_id + "/keys", true, {R"({"name":"@@"})"}},
        {"POST",
         "/api/v1/meetings",
         false,
         {R"({"title":"@@"})", R"({"title":"x","settings":{"features":["@@"]}})"}},
        {"PATCH", m, false, {R"({"title":"@@"})", R"({"settings":{"features":["@@"]}})"}},
        {"POST",
         m + "/tokens",
         false,
         {R"({"identity":"@@"})", R"({"identity":"a","name":"@@"})",
          R"({"identity":"a","role":"@@"})"}},
        {"POST", m + "/participants/p_1/mute", false, {R"({"track_id":"@@"})"}},
        {"POST",
         "/api/v1/webhooks",
         false,
         {R"({"url":"@@"})", R"({"url":"http://h/","events":["@@"]})"}},
    };
  }

  HttpReply send(const BodyRoute& r, const std::string& body) {
    return this->call(r.method, r.path, r.admin ? kAdminKey : t_.key, body);
  }

  void expect_refused(const HttpReply& reply, int status, const std::string& code,
                      const std::string& what) {
    EXPECT_EQ(reply.status, status) << what << " -> " << reply.body;
    EXPECT_EQ(reply.error_code(), code) << what << " -> " << reply.body;
    EXPECT_EQ(reply.content_type(), "application/json") << what;
  }

  TenantKey t_;
  std::string meeting_;
  std::string webhook_;
  std::string before_;
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(ApiBadInputTest, Backends, BackendName);

std::string fill(const std::string& tmpl, const std::string& raw_json_string_content) {
  std::string out = tmpl;
  out.replace(out.find("@@"), 2, raw_json_string_content);
  return out;
}

// The key whose value is the "@@" placeholder ("" inside arrays).
std::string field_of(const std::string& tmpl) {
  const auto at = tmpl.find(R"(":"@@")");
  if (at == std::string::npos) return "";
  const auto start = tmpl.rfind('"', at - 1);
  return tmpl.substr(start + 1, at - start - 1);
}

TYPED_TEST(ApiBadInputTest, MalformedJsonIsRefusedOnEveryRoute) {
  const std::pair<std::string, std::string> bodies[] = {
      {"{", "invalid_json"},
      {R"({"title":})", "invalid_json"},
      {"nope", "invalid_json"},
      {"[]", "invalid_json"},
      {R"("just a string")", "invalid_json"},
      {"123", "invalid_json"},
      {"null", "invalid_json"},
      {R"({"title":"x"}})", "invalid_json"},
      {R"({"title":"x",})", "invalid_json"},
      {"{'title':'x'}", "invalid_json"},
      {std::string(5000, '[') + std::string(5000, ']'), "invalid_json"},
      {"\xff\xfe{}", "invalid_utf8"},
      {"{\"title\":\"\xc3\x28\"}", "invalid_utf8"},
      {R"({"title":"\ud800"})", "invalid_utf8"},
  };
  for (const auto& route : this->body_routes()) {
    for (const auto& [body, code] : bodies) {
      this->expect_refused(this->send(route, body), 400, code,
                           route.method + " " + route.path + " " + body.substr(0, 20));
    }
  }
  EXPECT_EQ(this->snapshot(), this->before_);
}

TYPED_TEST(ApiBadInputTest, WrongTypesAndMissingFieldsAreRefused) {
  const std::string m = "/api/v1/meetings/" + this->meeting_;
  struct Case {
    std::string method, path, body, code;
    bool admin;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/tenants", "{}", "missing_field", true},
      {"POST", "/api/v1/tenants", R"({"name":7})", "invalid_field", true},
      {"POST", "/api/v1/tenants", R"({"name":["a"]})", "invalid_field", true},
      {"POST", "/api/v1/tenants/" + this->t_.tenant_id + "/keys", R"({"name":{}})", "invalid_field",
       true},
      {"POST", "/api/v1/meetings", R"({"titel":"typo"})", "missing_field", false},
      {"POST", "/api/v1/meetings", R"({"title":true})", "invalid_field", false},
      {"POST", "/api/v1/meetings", R"({"title":"x","settings":"lobby"})", "invalid_field", false},
      {"POST", "/api/v1/meetings", R"({"title":"x","settings":{"lobby":1}})", "invalid_field",
       false},
      {"POST", "/api/v1/meetings", R"({"title":"x","settings":{"max_participants":"5"}})",
       "invalid_field", false},
      {"POST", "/api/v1/meetings", R"({"title":"x","settings":{"max_participants":2.5}})",
       "invalid_field", false},
      {"POST", "/api/v1/meetings", R"({"title":"x","scheduled_end":-1})", "invalid_field", false},
      {"PATCH", m, R"({"title":""})", "invalid_field", false},
      {"PATCH", m, R"({"settings":{"features":{"chat":true}}})", "invalid_field", false},
      {"PATCH", m, R"({"scheduled_start":1800000000000,"scheduled_end":1700000000000})",
       "invalid_field", false},
      {"POST", m + "/tokens", "{}", "missing_field", false},
      {"POST", m + "/tokens", R"({"identity":42})", "invalid_field", false},
      {"POST", m + "/tokens", R"({"identity":"a","ttl":"1h"})", "invalid_field", false},
      {"POST", m + "/tokens", R"({"identity":"a","ttl":1e9})", "invalid_field", false},
      {"POST", m + "/tokens", R"({"identity":"a","ttl":18446744073709551616})", "invalid_field",
       false},
      {"POST", m + "/participants/p_1/mute", R"({"muted":"yes"})", "invalid_field", false},
      {"POST", m + "/participants/p_1/mute", R"({"track_id":5})", "invalid_field", false},
      {"POST", "/api/v1/webhooks", "{}", "missing_field", false},
      {"POST", "/api/v1/webhooks", R"x({"url":"javascript:alert(1)"})x", "invalid_field", false},
      {"POST", "/api/v1/webhooks", R"({"url":"http://h/","events":"meeting.ended"})",
       "invalid_field", false},
      {"POST", "/api/v1/webhooks", R"({"url":")" + std::string(3000, 'a') + R"("})",
       "field_too_long", false},
      {"POST", "/api/v1/meetings", R"({"title":")" + std::string(201, 'a') + R"("})",
       "field_too_long", false},
  };
  for (const auto& c : cases) {
    auto reply = this->call(c.method, c.path, c.admin ? kAdminKey : this->t_.key, c.body);
    this->expect_refused(reply, 400, c.code, c.method + " " + c.path + " " + c.body.substr(0, 60));
  }
  EXPECT_EQ(this->snapshot(), this->before_);
}

TYPED_TEST(ApiBadInputTest, NonUtf8BytesInEveryStringFieldAreRefused) {
  const std::string bad_bytes[] = {"\xff", "ok\xc0\xafok", "\xed\xa0\x80", "caf\xe9",
                                   "\xf4\x90\x80\x80"};
  for (const auto& route : this->body_routes()) {
    for (const auto& tmpl : route.templates) {
      for (const auto& bytes : bad_bytes) {
        const std::string body = fill(tmpl, bytes);
        this->expect_refused(this->send(route, body), 400, "invalid_utf8",
                             route.method + " " + route.path + " " + tmpl);
      }
    }
  }
  EXPECT_EQ(this->snapshot(), this->before_);
}

TYPED_TEST(ApiBadInputTest, SqlMetacharactersAreDataNotSql) {
  const std::string attacks[] = {"Robert'); DROP TABLE meetings;--", "' OR '1'='1",
                                 "\"; DELETE FROM tenants; --", "%_\\\\ $1 ?1 :name @p",
                                 "1; SELECT pg_sleep(5)"};
  int accepted = 0;
  for (const auto& route : this->body_routes()) {
    for (const auto& tmpl : route.templates) {
      for (const auto& attack : attacks) {
        const std::string escaped = nlohmann::json(attack).dump();  // "..." with escapes
        const std::string body = fill(tmpl, escaped.substr(1, escaped.size() - 2));
        auto reply = this->send(route, body);
        const std::string what = route.method + " " + route.path + " " + body;
        ASSERT_LT(reply.status, 500) << what << " -> " << reply.body;
        if (reply.status >= 400) {
          EXPECT_FALSE(reply.error_code().empty()) << what;
          continue;
        }
        ++accepted;
        // Where the text is stored it comes back byte for byte.
        const std::string field = field_of(tmpl);
        auto j = reply.json();
        if (!field.empty() && j.contains(field)) {
          EXPECT_EQ(j[field], attack) << what;
        }
      }
    }
  }
  EXPECT_GT(accepted, 0);
  // The tables are all still there, with the original rows.
  auto original = this->store_->get_meeting(this->meeting_);
  ASSERT_TRUE(original.ok());
  EXPECT_TRUE(this->store_->get_tenant(this->t_.tenant_id).ok());
  EXPECT_TRUE(this->store_->get_webhook(this->webhook_).ok());
  EXPECT_EQ(this->call("GET", "/api/v1/meetings", this->t_.key).status, 200);
}

TYPED_TEST(ApiBadInputTest, OversizedBodiesGet413) {
  const std::string big = R"({"title":")" + std::string(70 * 1024, 'a') + R"("})";
  for (const auto& route : this->body_routes()) {
    this->expect_refused(this->send(route, big), 413, "body_too_large",
                         route.method + " " + route.path);
  }
  EXPECT_EQ(this->snapshot(), this->before_);
}

TYPED_TEST(ApiBadInputTest, UnknownRoutesAndMethodsGetJson404And405) {
  const std::string key = this->t_.key;
  this->expect_refused(this->call("GET", "/api/v1/nope", key), 404, "not_found", "/api/v1/nope");
  this->expect_refused(this->call("GET", "/api/v2/meetings", key), 404, "not_found", "v2");
  this->expect_refused(this->call("GET", "/api/v1/meetings/a/b/c/d", key), 404, "not_found",
                       "deep");
  this->expect_refused(this->call("PUT", "/api/v1/meetings", key, "{}"), 405, "method_not_allowed",
                       "PUT");
  this->expect_refused(this->call("BREW", "/api/v1/meetings", key), 405, "method_not_allowed",
                       "BREW");
  this->expect_refused(this->call("POST", "/healthz", ""), 405, "method_not_allowed", "healthz");
}

TYPED_TEST(ApiBadInputTest, AbsurdPaginationIsRefusedOnEveryListRoute) {
  const std::pair<std::string, bool> lists[] = {
      {"/api/v1/tenants", true},
      {"/api/v1/meetings", false},
      {"/api/v1/meetings/" + this->meeting_ + "/sessions", false},
      {"/api/v1/meetings/" + this->meeting_ + "/chat", false},
      {"/api/v1/webhooks/" + this->webhook_ + "/deliveries", false},
  };
  const char* queries[] = {
      "limit=0",   "limit=101", "limit=1000000",  "limit=-1",     "limit=abc",
      "limit=",    "offset=-5", "offset=1000001", "offset=1e308", "offset=99999999999999999999999",
      "limit=5%00"};
  for (const auto& [path, admin] : lists) {
    for (const char* q : queries) {
      auto reply = this->call("GET", path + "?" + q, admin ? kAdminKey : this->t_.key);
      this->expect_refused(reply, 400, "invalid_pagination", path + "?" + q);
    }
    EXPECT_EQ(
        this->call("GET", path + "?limit=100&offset=1000000", admin ? kAdminKey : this->t_.key)
            .status,
        200);
  }
}

TYPED_TEST(ApiBadInputTest, StrangeIdsInPathsAreNotFound) {
  const std::string ids[] = {"%ff", "%c0%af", std::string(300, 'm'), "'%20OR%20'1'='1", "mtg_%00"};
  for (const auto& id : ids) {
    auto reply = this->call("GET", "/api/v1/meetings/" + id, this->t_.key);
    this->expect_refused(reply, 404, "not_found", id.substr(0, 20));
    reply = this->call("PATCH", "/api/v1/meetings/" + id, this->t_.key, R"({"title":"x"})");
    this->expect_refused(reply, 404, "not_found", id.substr(0, 20));
    reply = this->admin("GET", "/api/v1/tenants/" + id);
    this->expect_refused(reply, 404, "not_found", id.substr(0, 20));
    reply = this->call("GET", "/api/v1/webhooks/" + id + "/deliveries", this->t_.key);
    this->expect_refused(reply, 404, "not_found", id.substr(0, 20));
  }
  this->expect_refused(
      this->call("DELETE", "/api/v1/meetings/" + this->meeting_ + "/participants/%ff",
                 this->t_.key),
      404, "not_found", "pid %ff");
  this->expect_refused(this->call("GET", "/api/v1/ice-servers?identity=%ff", this->t_.key), 400,
                       "invalid_utf8", "identity %ff");
  this->expect_refused(this->call("GET", "/api/v1/meetings", "\xff\xfe"), 401, "unauthorized",
                       "key bytes");
  EXPECT_EQ(this->snapshot(), this->before_);
}

}  // namespace
}  // namespace meet::testing
