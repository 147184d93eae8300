#include "common/jwt.hpp"

#include <nlohmann/json.hpp>

#include <limits>

#include "common/base64.hpp"
#include "common/crypto.hpp"

namespace meet {
namespace {

using nlohmann::json;

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

std::string sign_input(std::string_view signing_input, std::string_view secret) {
  return base64url_encode(hmac_sha256(secret, signing_input));
}

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

Result<JoinClaims, TokenError> verify(
    std::string_view token,
    const std::function<std::optional<std::string>(std::string_view)>& secret_for_issuer,
    int64_t now) {
  size_t dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return make_error(TokenError::kMalformed);
  size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return make_error(TokenError::kMalformed);
  }
  std::string_view header_b64 = token.substr(0, dot1);
  std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string_view sig_b64 = token.substr(dot2 + 1);

  auto header_text = base64url_decode_string(header_b64);
  auto payload_text = base64url_decode_string(payload_b64);
  auto sig = base64url_decode(sig_b64);
  if (!header_text || !payload_text || !sig) return make_error(TokenError::kMalformed);

  json header = json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
  if (!header_ok(header)) return make_error(TokenError::kMalformed);
  json payload = json::parse(*payload_text, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return make_error(TokenError::kMalformed);

  std::string issuer;
  if (auto it = payload.find("iss"); it != payload.end()) {
    if (!it->is_string()) return make_error(TokenError::kMalformed);
    issuer = it->get<std::string>();
  }
  std::optional<std::string> secret = secret_for_issuer ? secret_for_issuer(issuer) : std::nullopt;
  if (!secret) return make_error(TokenError::kUnknownIssuer);

  Sha256Digest expected = hmac_sha256(*secret, token.substr(0, dot2));
  if (!constant_time_equal(std::span<const uint8_t>(*sig), std::span<const uint8_t>(expected))) {
    return make_error(TokenError::kBadSignature);
  }

  auto claims = read_claims(payload);
  if (!claims) return claims;
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
  std::string payload = p.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string input = base64url_encode(kHeader) + "." + base64url_encode(payload);
  std::string sig = sign_input(input, secret);
  return input + "." + sig;
}

Result<JoinClaims, TokenError> verify_join_token(
    std::string_view token,
    const std::function<std::optional<std::string>(std::string_view issuer)>& secret_for_issuer,
    int64_t now_unix_seconds) {
  try {
    return verify(token, secret_for_issuer, now_unix_seconds);
  } catch (const nlohmann::json::exception&) {
    return make_error(TokenError::kMalformed);
  }
}

}  // namespace meet
