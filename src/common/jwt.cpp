#include "common/jwt.hpp"

#include <jwt.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <cstdlib>
#include <memory>

#include "common/assert.hpp"
#include "common/base64.hpp"

namespace meet {
namespace {

using nlohmann::json;

// NumericDate (RFC 7519 section 2): a JSON number, possibly fractional; fractions dropped.
std::optional<int64_t> numeric_date(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (u > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return int64_t(u);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!(d > -9.2e18 && d < 9.2e18)) return std::nullopt;  // also rejects NaN
    return int64_t(d);
  }
  return std::nullopt;
}

// Header must name HS256; "typ", if present, must be JWT; "crit" is not understood (RFC 7515
// section 4.1.11 says reject).
bool header_ok(const json& h) {
  if (!h.is_object()) return false;
  auto alg = h.find("alg");
  if (alg == h.end() || !alg->is_string() || alg->get<std::string>() != "HS256") return false;
  auto typ = h.find("typ");
  if (typ != h.end() && (!typ->is_string() || typ->get<std::string>() != "JWT")) return false;
  return !h.contains("crit");
}

Result<JoinClaims, TokenError> read_claims(const json& p) {
  JoinClaims c;
  auto str = [&](const char* key, std::string& out) -> bool {
    auto it = p.find(key);
    if (it == p.end()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto date = [&](const char* key, int64_t& out) -> bool {
    auto it = p.find(key);
    if (it == p.end()) return true;
    auto v = numeric_date(*it);
    if (!v) return false;
    out = *v;
    return true;
  };
  if (!str("room", c.room) || !str("sub", c.identity) || !str("name", c.name) ||
      !str("iss", c.issuer) || !date("exp", c.expires_at) || !date("iat", c.issued_at) ||
      !date("nbf", c.not_before)) {
    return make_error(TokenError::kMalformed);
  }
  if (auto g = p.find("grants"); g != p.end()) {
    if (!g->is_object()) return make_error(TokenError::kMalformed);
    auto flag = [&](const char* key, bool& out) -> bool {
      auto it = g->find(key);
      if (it == g->end()) return true;
      if (!it->is_boolean()) return false;
      out = it->get<bool>();
      return true;
    };
    if (!flag("publish", c.grants.publish) || !flag("subscribe", c.grants.subscribe) ||
        !flag("publish_data", c.grants.publish_data) || !flag("record", c.grants.record) ||
        !flag("moderator", c.grants.moderator)) {
      return make_error(TokenError::kMalformed);
    }
  }
  if (!p.contains("exp") || c.room.empty() || c.identity.empty()) {
    return make_error(TokenError::kMissingClaim);
  }
  return c;
}

// libjwt's handle, freed on every path.
struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

// The HMAC check itself is libjwt's (Debian's libjwt 1.10, HS256 only). Everything it would
// accept loosely is refused before it sees the token: the shape (three base64url segments),
// the header (alg HS256 exactly, no crit) and the claim types.
bool signature_ok(std::string_view token, const std::string& secret) {
  if (secret.empty()) return false;  // libjwt skips the check without a key
  jwt_t* raw = nullptr;
  const std::string text(token);
  const int rc = jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(secret.data()),
                            static_cast<int>(secret.size()));
  JwtPtr decoded(raw);
  return rc == 0 && decoded && jwt_get_alg(decoded.get()) == JWT_ALG_HS256;
}

Result<JoinClaims, TokenError> verify(std::string_view token, const TokenSecretLookup& lookup,
                                      int64_t now) {
  size_t dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return make_error(TokenError::kMalformed);
  size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return make_error(TokenError::kMalformed);
  }
  auto header_text = base64url_decode_string(token.substr(0, dot1));
  auto payload_text = base64url_decode_string(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = base64url_decode(token.substr(dot2 + 1));
  if (!header_text || !payload_text || !sig || sig->size() != 32) {
    return make_error(TokenError::kMalformed);
  }
  json header = json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
  if (!header_ok(header)) return make_error(TokenError::kMalformed);
  json payload = json::parse(*payload_text, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return make_error(TokenError::kMalformed);

  std::string issuer, key_id;
  if (auto it = payload.find("iss"); it != payload.end()) {
    if (!it->is_string()) return make_error(TokenError::kMalformed);
    issuer = it->get<std::string>();
  }
  if (auto it = header.find("kid"); it != header.end()) {
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      return make_error(TokenError::kMalformed);
    }
    key_id = it->get<std::string>();
  }
  std::optional<std::string> secret = lookup ? lookup(issuer, key_id) : std::nullopt;
  if (!secret) return make_error(TokenError::kUnknownIssuer);
  if (!signature_ok(token, *secret)) return make_error(TokenError::kBadSignature);

  auto claims = read_claims(payload);
  if (!claims) return claims;
  claims->key_id = key_id;
  if (now >= claims->expires_at) return make_error(TokenError::kExpired);
  if (claims->not_before != 0 && now + kTokenNotBeforeLeewaySeconds < claims->not_before) {
    return make_error(TokenError::kNotYetValid);
  }
  return claims;
}

}  // namespace

std::string_view to_string(TokenError e) {
  switch (e) {
    case TokenError::kMalformed:
      return "malformed";
    case TokenError::kBadSignature:
      return "bad_signature";
    case TokenError::kExpired:
      return "expired";
    case TokenError::kNotYetValid:
      return "not_yet_valid";
    case TokenError::kUnknownIssuer:
      return "unknown_issuer";
    case TokenError::kMissingClaim:
      return "missing_claim";
  }
  return "unknown";
}

std::string sign_join_token(const JoinClaims& c, std::string_view secret) {
  json p = {{"sub", c.identity},
            {"name", c.name},
            {"room", c.room},
            {"grants",
             {{"publish", c.grants.publish},
              {"subscribe", c.grants.subscribe},
              {"publish_data", c.grants.publish_data},
              {"record", c.grants.record},
              {"moderator", c.grants.moderator}}},
            {"exp", c.expires_at}};
  if (!c.issuer.empty()) p["iss"] = c.issuer;
  if (c.issued_at != 0) p["iat"] = c.issued_at;
  if (c.not_before != 0) p["nbf"] = c.not_before;
  // Invalid UTF-8 in a claim is replaced rather than thrown on.
  const std::string payload = p.dump(-1, ' ', false, json::error_handler_t::replace);
  jwt_t* raw = nullptr;
  MEET_ASSERT(jwt_new(&raw) == 0, "jwt_new failed (out of memory)");
  JwtPtr token(raw);
  const std::string key(secret);
  bool ok = jwt_add_grants_json(token.get(), payload.c_str()) == 0 &&
            (c.key_id.empty() || jwt_add_header(token.get(), "kid", c.key_id.c_str()) == 0) &&
            jwt_set_alg(token.get(), JWT_ALG_HS256,
                        reinterpret_cast<const unsigned char*>(key.data()),
                        static_cast<int>(key.size())) == 0;
  MEET_ASSERT(ok && !key.empty(), "join token claims or key refused by libjwt");
  char* encoded = jwt_encode_str(token.get());
  MEET_ASSERT(encoded != nullptr, "jwt_encode_str failed");
  std::string out(encoded);
  free(encoded);  // NOLINT: libjwt 1.10 allocates with malloc and has no free function
  return out;
}

Result<JoinClaims, TokenError> verify_join_token(std::string_view token,
                                                 const TokenSecretLookup& lookup,
                                                 int64_t now_unix_seconds) {
  try {
    return verify(token, lookup, now_unix_seconds);
  } catch (const nlohmann::json::exception&) {
    return make_error(TokenError::kMalformed);
  }
}

Result<JoinClaims, TokenError> verify_join_token(
    std::string_view token,
    const std::function<std::optional<std::string>(std::string_view issuer)>& secret_for_issuer,
    int64_t now_unix_seconds) {
  // Tokens that name a key id need a lookup by key: this one knows none.
  TokenSecretLookup by_issuer = [&secret_for_issuer](std::string_view issuer,
                                                     std::string_view key_id) {
    if (!key_id.empty() || !secret_for_issuer) return std::optional<std::string>();
    return secret_for_issuer(issuer);
  };
  return verify_join_token(token, by_issuer, now_unix_seconds);
}

}  // namespace meet
