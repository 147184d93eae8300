#include "common/jwt.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/base64.hpp"
#include "common/crypto.hpp"

namespace meet {
namespace {

constexpr int64_t kNow = 1'700'000'000;
constexpr std::string_view kSecret = "s3cret-for-tenant-a";

JoinClaims sample_claims() {
  JoinClaims c;
  c.room = "demo";
  c.identity = "alice";
  c.name = "Alice Ünïcode";
  c.issuer = "tenant-a";
  c.grants.publish = true;
  c.grants.subscribe = true;
  c.grants.moderator = true;
  c.expires_at = kNow + 3600;
  c.issued_at = kNow - 10;
  c.not_before = kNow - 10;
  return c;
}

std::optional<std::string> tenant_a(std::string_view issuer) {
  if (issuer == "tenant-a") return std::string(kSecret);
  return std::nullopt;
}

// Signs an arbitrary header and payload with kSecret, for hand-made tokens.
std::string forge(std::string_view header, std::string_view payload,
                  std::string_view secret = kSecret) {
  std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(hmac_sha256(secret, input));
}

TEST(Jwt, SignVerifyRoundTrip) {
  JoinClaims c = sample_claims();
  std::string token = sign_join_token(c, kSecret);
  auto r = verify_join_token(token, tenant_a, kNow);
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  EXPECT_EQ(*r, c);
}

TEST(Jwt, HeaderIsHs256Jwt) {
  std::string token = sign_join_token(sample_claims(), kSecret);
  auto header = base64url_decode_string(token.substr(0, token.find('.')));
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(*header, R"({"alg":"HS256","typ":"JWT"})");
}

TEST(Jwt, OptionalClaimsMayBeAbsent) {
  JoinClaims c;
  c.room = "r";
  c.identity = "bob";
  c.expires_at = kNow + 60;
  std::string token = sign_join_token(c, "dev");
  auto any = [](std::string_view iss) -> std::optional<std::string> {
    if (iss.empty()) return std::string("dev");
    return std::nullopt;
  };
  auto r = verify_join_token(token, any, kNow);
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  EXPECT_EQ(*r, c);
}

TEST(Jwt, ReadsProtocolDocExampleClaims) {
  auto token = forge(R"({"alg":"HS256","typ":"JWT"})",
                     R"({"sub":"alice","name":"Alice","room":"demo","iss":"tenant-a",)"
                     R"("grants":{"publish":true,"subscribe":true,"publish_data":true,)"
                     R"("record":false,"moderator":false},"exp":1700003600.5,"iat":1700000000})");
  auto r = verify_join_token(token, tenant_a, kNow);
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  EXPECT_EQ(r->identity, "alice");
  EXPECT_EQ(r->expires_at, 1700003600);
  EXPECT_TRUE(r->grants.publish_data);
  EXPECT_FALSE(r->grants.record);
}

TEST(Jwt, RejectsTamperedPayload) {
  std::string token = sign_join_token(sample_claims(), kSecret);
  JoinClaims evil = sample_claims();
  evil.room = "other-room";
  std::string evil_token = sign_join_token(evil, "attacker");
  // Swap in the attacker's payload, keep the original signature.
  size_t d1 = token.find('.'), d2 = token.rfind('.');
  size_t e1 = evil_token.find('.'), e2 = evil_token.rfind('.');
  std::string spliced =
      token.substr(0, d1 + 1) + evil_token.substr(e1 + 1, e2 - e1 - 1) + token.substr(d2);
  auto r = verify_join_token(spliced, tenant_a, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kBadSignature);
}

TEST(Jwt, RejectsFlippedSignatureBit) {
  std::string token = sign_join_token(sample_claims(), kSecret);
  // Change the first signature symbol; stays valid base64url.
  size_t sig = token.rfind('.') + 1;
  token[sig] = token[sig] == 'A' ? 'B' : 'A';
  auto r = verify_join_token(token, tenant_a, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kBadSignature);
}

TEST(Jwt, RejectsWrongSecret) {
  std::string token = sign_join_token(sample_claims(), "another-secret");
  auto r = verify_join_token(token, tenant_a, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kBadSignature);
}

TEST(Jwt, RejectsUnknownIssuer) {
  JoinClaims c = sample_claims();
  c.issuer = "tenant-b";
  auto r = verify_join_token(sign_join_token(c, kSecret), tenant_a, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kUnknownIssuer);
}

TEST(Jwt, RejectsExpired) {
  JoinClaims c = sample_claims();
  std::string token = sign_join_token(c, kSecret);
  EXPECT_TRUE(verify_join_token(token, tenant_a, c.expires_at - 1).ok());
  auto r = verify_join_token(token, tenant_a, c.expires_at);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kExpired);
}

TEST(Jwt, NotBeforeHasThirtySecondLeeway) {
  JoinClaims c = sample_claims();
  c.not_before = kNow + 30;
  EXPECT_TRUE(verify_join_token(sign_join_token(c, kSecret), tenant_a, kNow).ok());
  c.not_before = kNow + 31;
  auto r = verify_join_token(sign_join_token(c, kSecret), tenant_a, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kNotYetValid);
}

TEST(Jwt, RejectsAlgNone) {
  std::string payload = R"({"sub":"alice","room":"demo","iss":"tenant-a","exp":1800000000})";
  // Unsigned token as an attacker would send it.
  std::string unsigned_token = base64url_encode(std::string_view(R"({"alg":"none","typ":"JWT"})")) +
                               "." + base64url_encode(payload) + ".";
  auto r = verify_join_token(unsigned_token, tenant_a, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kMalformed);
  // Even when signed with the right key, alg must be HS256.
  auto r2 = verify_join_token(forge(R"({"alg":"none"})", payload), tenant_a, kNow);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error(), TokenError::kMalformed);
}

TEST(Jwt, RejectsBadHeaders) {
  std::string payload = R"({"sub":"alice","room":"demo","iss":"tenant-a","exp":1800000000})";
  const char* headers[] = {
      R"({"alg":"HS512","typ":"JWT"})",
      R"({"alg":"RS256","typ":"JWT"})",
      R"({"alg":"hs256","typ":"JWT"})",
      R"({"typ":"JWT"})",
      R"({"alg":"HS256","typ":"JWS"})",
      R"({"alg":"HS256","typ":"JWT","crit":["exp"]})",
      R"({"alg":["HS256"]})",
      R"(["HS256"])",
      R"(not json)",
  };
  for (const char* h : headers) {
    auto r = verify_join_token(forge(h, payload), tenant_a, kNow);
    ASSERT_FALSE(r.ok()) << h;
    EXPECT_EQ(r.error(), TokenError::kMalformed) << h;
  }
  // "typ" is optional.
  EXPECT_TRUE(verify_join_token(forge(R"({"alg":"HS256"})", payload), tenant_a, kNow).ok());
}

TEST(Jwt, RejectsBadClaims) {
  struct Case {
    const char* payload;
    TokenError error;
  };
  const Case cases[] = {
      {R"({"room":"demo","iss":"tenant-a","exp":1800000000})", TokenError::kMissingClaim},
      {R"({"sub":"alice","iss":"tenant-a","exp":1800000000})", TokenError::kMissingClaim},
      {R"({"sub":"alice","room":"demo","iss":"tenant-a"})", TokenError::kMissingClaim},
      {R"({"sub":"","room":"demo","iss":"tenant-a","exp":1800000000})", TokenError::kMissingClaim},
      {R"({"sub":7,"room":"demo","iss":"tenant-a","exp":1800000000})", TokenError::kMalformed},
      {R"({"sub":"a","room":"demo","iss":"tenant-a","exp":"1800000000"})", TokenError::kMalformed},
      {R"({"sub":"a","room":"demo","iss":"tenant-a","exp":1e300})", TokenError::kMalformed},
      {R"({"sub":"a","room":"demo","iss":"tenant-a","exp":18446744073709551615})",
       TokenError::kMalformed},
      {R"({"sub":"a","room":"demo","iss":"tenant-a","exp":1800000000,"grants":[]})",
       TokenError::kMalformed},
      {R"({"sub":"a","room":"demo","iss":"tenant-a","exp":1800000000,"grants":{"publish":1}})",
       TokenError::kMalformed},
      {R"({"sub":"a","room":"demo","iss":5,"exp":1800000000})", TokenError::kMalformed},
      {R"(["sub","a"])", TokenError::kMalformed},
      {R"({"sub":"a")", TokenError::kMalformed},
  };
  for (const auto& c : cases) {
    auto r = verify_join_token(forge(R"({"alg":"HS256","typ":"JWT"})", c.payload), tenant_a, kNow);
    ASSERT_FALSE(r.ok()) << c.payload;
    EXPECT_EQ(r.error(), c.error) << c.payload;
  }
}

TEST(Jwt, RejectsGarbage) {
  std::string good = sign_join_token(sample_claims(), kSecret);
  const std::string garbage[] = {
      "",
      ".",
      "..",
      "...",
      "abc",
      "a.b",
      "a.b.c.d",
      good + ".",
      "." + good,
      good + "=",
      "eyJhbGciOiJIUzI1NiJ9..",
      "!!!.@@@.###",
      std::string("\0\0.\0.\0", 6),
      std::string(10000, 'A') + "." + std::string(10000, 'B') + ".CCCC",
  };
  for (const auto& g : garbage) {
    auto r = verify_join_token(g, tenant_a, kNow);
    ASSERT_FALSE(r.ok()) << g;
    EXPECT_EQ(r.error(), TokenError::kMalformed) << g;
  }
}

TEST(Jwt, NullLookupMeansUnknownIssuer) {
  auto r = verify_join_token(sign_join_token(sample_claims(), kSecret), TokenSecretLookup(), kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kUnknownIssuer);
}

// A tenant key's token (issue 18 item 6): the header names the key, the lookup gets both.
TEST(Jwt, KeyIdTravelsInTheHeaderAndPicksTheSecret) {
  JoinClaims c = sample_claims();
  c.key_id = "key_0456";
  const std::string token = sign_join_token(c, "tenant-key-secret");
  auto header = base64url_decode_string(token.substr(0, token.find('.')));
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(*header, R"({"alg":"HS256","kid":"key_0456","typ":"JWT"})");
  std::string seen_iss, seen_kid;
  auto lookup = [&](std::string_view iss, std::string_view kid) -> std::optional<std::string> {
    seen_iss = iss;
    seen_kid = kid;
    return std::string("tenant-key-secret");
  };
  auto r = verify_join_token(token, lookup, kNow);
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  EXPECT_EQ(*r, c);
  EXPECT_EQ(seen_iss, "tenant-a");
  EXPECT_EQ(seen_kid, "key_0456");
  // A lookup by issuer alone knows no keys: the token is refused, not checked with its secret.
  auto by_issuer = verify_join_token(token, tenant_a, kNow);
  ASSERT_FALSE(by_issuer.ok());
  EXPECT_EQ(by_issuer.error(), TokenError::kUnknownIssuer);
  // The kid is covered by the signature: another key id breaks it.
  std::string payload = token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1);
  std::string swapped =
      base64url_encode(std::string_view(R"({"alg":"HS256","kid":"key_9999","typ":"JWT"})")) + "." +
      payload + token.substr(token.rfind('.'));
  auto edited = verify_join_token(swapped, lookup, kNow);
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.error(), TokenError::kBadSignature);
  // An empty or non-string kid is malformed.
  for (const char* h : {R"({"alg":"HS256","kid":""})", R"({"alg":"HS256","kid":7})"}) {
    auto bad = verify_join_token(forge(h, R"({"sub":"a","room":"r","exp":1800000000})"), lookup,
                                 kNow);
    ASSERT_FALSE(bad.ok()) << h;
    EXPECT_EQ(bad.error(), TokenError::kMalformed) << h;
  }
}

// RFC 7515 appendix A.1: the HS256 example JWS. Its signature must verify with our primitive;
// the claims then lack sub/room, which proves the signature passed first.
TEST(Jwt, VerifiesRfc7515AppendixA1Signature) {
  const std::string header_b64 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9";
  const std::string payload_b64 =
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
      "cnVlfQ";
  const std::string sig_b64 = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  auto key = base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(key.has_value());
  std::string input = header_b64 + "." + payload_b64;
  auto mac =
      hmac_sha256(*key, std::span(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
  EXPECT_EQ(base64url_encode(mac), sig_b64);

  std::string secret(key->begin(), key->end());
  auto lookup = [&](std::string_view iss) -> std::optional<std::string> {
    if (iss == "joe") return secret;
    return std::nullopt;
  };
  std::string token = input + "." + sig_b64;
  auto r = verify_join_token(token, lookup, 1300819379);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), TokenError::kMissingClaim);
  token.back() = 'Y';
  auto bad = verify_join_token(token, lookup, 1300819379);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), TokenError::kBadSignature);
}

}  // namespace
}  // namespace meet
