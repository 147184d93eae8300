// Join tokens per tenant (issue 18 item 6), on SQLite and PostgreSQL: each tenant key comes
// with a signing secret, shown once, so the tenant's backend mints join tokens offline (header
// kid = the key id, iss = the tenant); such a token joins that tenant's meetings and no other,
// and a token for one tenant's meeting issued for another tenant is refused.
#include <gtest/gtest.h>

#include <ctime>

#include "api/api_harness.hpp"
#include "common/jwt.hpp"

namespace meet::testing {
namespace {

template <typename Backend>
class ApiTenantTokensTest : public ApiTest<Backend> {
 protected:
  struct SigningKey {
    std::string tenant_id, key, key_id, signing_secret;
  };

  SigningKey make_signing_key(const std::string& name) {
    auto t = this->admin("POST", "/api/v1/tenants", nlohmann::json{{"name", name}}.dump());
    const std::string tenant = t.json().value("id", "");
    auto k = this->admin("POST", "/api/v1/tenants/" + tenant + "/keys", R"({"name":"backend"})");
    EXPECT_EQ(k.status, 201) << k.body;
    auto j = k.json();
    return {tenant, j.value("secret", ""), j["key"].value("id", ""),
            j.value("signing_secret", "")};
  }

  // What a tenant's backend does offline: no call to the server.
  static std::string mint_offline(const SigningKey& k, const std::string& meeting,
                                  const std::string& secret) {
    JoinClaims c;
    c.room = meeting;
    c.identity = "user-7";
    c.issuer = k.tenant_id;
    c.key_id = k.key_id;
    c.grants.publish = c.grants.subscribe = true;
    c.expires_at = std::time(nullptr) + 600;
    return sign_join_token(c, secret);
  }

  // What the signaling layer does at a join: verify with the API's lookup, then admission.
  std::string join(const std::string& token, const std::string& meeting) {
    std::string outcome;
    auto& api = this->server_->api();
    this->server_->on_loop([&] {
      auto claims = verify_join_token(
          token,
          [&](std::string_view iss, std::string_view kid) {
            return api.join_token_secret(iss, kid, kTokenSecret);
          },
          std::time(nullptr));
      if (!claims) {
        outcome = std::string(to_string(claims.error()));
        return;
      }
      if (claims->room != meeting) {
        outcome = "other_room";
        return;
      }
      outcome = api.admission_error(meeting, claims->issuer, 0).value_or("admitted");
    });
    return outcome;
  }
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(ApiTenantTokensTest, Backends, BackendName);

TYPED_TEST(ApiTenantTokensTest, SigningSecretIsShownOnceAndNeverListed) {
  auto a = this->make_signing_key("acme");
  EXPECT_EQ(a.signing_secret.rfind("ss_", 0), 0u) << a.signing_secret;
  EXPECT_GE(a.signing_secret.size(), 40u);
  auto list = this->admin("GET", "/api/v1/tenants/" + a.tenant_id + "/keys");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(a.signing_secret), std::string::npos) << list.body;
}

TYPED_TEST(ApiTenantTokensTest, OfflineTokenJoinsItsTenantsMeetingAndNoOther) {
  auto a = this->make_signing_key("acme");
  auto b = this->make_signing_key("globex");
  const std::string meeting_a = this->make_meeting({a.tenant_id, a.key, a.key_id});
  const std::string meeting_b = this->make_meeting({b.tenant_id, b.key, b.key_id});
  EXPECT_EQ(this->join(this->mint_offline(a, meeting_a, a.signing_secret), meeting_a), "admitted");
  // The same tenant's token for another tenant's meeting.
  EXPECT_EQ(this->join(this->mint_offline(a, meeting_b, a.signing_secret), meeting_b),
            "invalid_token");
  // Tenant B's key id with tenant A as issuer, or signed with the wrong secret.
  auto forged = a;
  forged.key_id = b.key_id;
  EXPECT_EQ(this->join(this->mint_offline(forged, meeting_a, b.signing_secret), meeting_a),
            "unknown_issuer");
  EXPECT_EQ(this->join(this->mint_offline(a, meeting_a, b.signing_secret), meeting_a),
            "bad_signature");
  // The API key's own secret is not the signing secret.
  EXPECT_EQ(this->join(this->mint_offline(a, meeting_a, a.key), meeting_a), "bad_signature");
  // Unknown key.
  forged.key_id = "key_nope";
  EXPECT_EQ(this->join(this->mint_offline(forged, meeting_a, a.signing_secret), meeting_a),
            "unknown_issuer");
}

TYPED_TEST(ApiTenantTokensTest, ApiTokenForTenantAsMeetingIssuedForTenantBIsRefused) {
  auto a = this->make_signing_key("acme");
  auto b = this->make_signing_key("globex");
  const std::string meeting_a = this->make_meeting({a.tenant_id, a.key, a.key_id});
  // A token as the API mints it (server secret, iss = tenant), but naming tenant B.
  JoinClaims c;
  c.room = meeting_a;
  c.identity = "mallory";
  c.issuer = b.tenant_id;
  c.expires_at = std::time(nullptr) + 600;
  EXPECT_EQ(this->join(sign_join_token(c, kTokenSecret), meeting_a), "invalid_token");
  c.issuer = a.tenant_id;
  EXPECT_EQ(this->join(sign_join_token(c, kTokenSecret), meeting_a), "admitted");
}

TYPED_TEST(ApiTenantTokensTest, RevokedKeyNoLongerSigns) {
  auto a = this->make_signing_key("acme");
  const std::string meeting_a = this->make_meeting({a.tenant_id, a.key, a.key_id});
  const std::string token = this->mint_offline(a, meeting_a, a.signing_secret);
  ASSERT_EQ(this->join(token, meeting_a), "admitted");
  auto revoked =
      this->admin("DELETE", "/api/v1/tenants/" + a.tenant_id + "/keys/" + a.key_id);
  ASSERT_LT(revoked.status, 300) << revoked.body;
  EXPECT_EQ(this->join(token, meeting_a), "unknown_issuer");
}

}  // namespace
}  // namespace meet::testing
