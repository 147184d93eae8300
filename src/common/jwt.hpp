#pragma once
// Join tokens: JWT (RFC 7519) signed with HS256 (RFC 7515), claims as in docs/protocol.md
// "Join tokens". Signed by api/, checked by signal/. Pure functions, any thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace meet {

struct Grants {
  bool publish = false;
  bool subscribe = false;
  bool publish_data = false;
  bool record = false;
  bool moderator = false;
  bool operator==(const Grants&) const = default;
};

struct JoinClaims {
  std::string room;        // "room"
  std::string identity;    // "sub"
  std::string name;        // "name" (optional, empty if absent)
  std::string issuer;      // "iss" (optional, empty if absent): the tenant of an API token
  std::string key_id;      // header "kid" (optional): the tenant key whose signing secret signed it
  Grants grants;           // "grants" (optional, all false if absent)
  int64_t expires_at = 0;  // "exp", seconds since the epoch (required)
  int64_t issued_at = 0;   // "iat", 0 = absent
  int64_t not_before = 0;  // "nbf", 0 = absent
  bool operator==(const JoinClaims&) const = default;
};

enum class TokenError {
  kMalformed,      // not three base64url segments, bad JSON, wrong header, wrong claim type
  kBadSignature,   // HMAC does not match
  kExpired,        // now >= exp
  kNotYetValid,    // now + leeway < nbf
  kUnknownIssuer,  // secret_for_issuer returned nullopt
  kMissingClaim,   // no exp, sub or room (or an empty sub/room)
};

// Leeway for clocks that run behind the signer's (applies to nbf only).
inline constexpr int64_t kTokenNotBeforeLeewaySeconds = 30;

// Stable lower-case name of an error, for logs ("malformed", "bad_signature", ...).
std::string_view to_string(TokenError e);

// The signing secret of a token, looked up by its "iss" claim and its header's "kid" (each ""
// when absent); nullopt refuses the token (kUnknownIssuer).
using TokenSecretLookup = std::function<std::optional<std::string>(std::string_view issuer,
                                                                   std::string_view key_id)>;

// Returns header.payload.signature with header {"alg":"HS256","typ":"JWT"} (plus "kid" when
// claims.key_id is set). Omits iss when empty and iat/nbf when 0. Signed by libjwt; `secret`
// must not be empty.
std::string sign_join_token(const JoinClaims& claims, std::string_view secret);

// Checks a token and returns its claims. The secret is looked up by the token's "iss" and
// "kid"; the signature (libjwt) is checked before any time claim. Only alg HS256 is accepted
// ("none" and every other alg -> kMalformed). Never throws.
Result<JoinClaims, TokenError> verify_join_token(std::string_view token,
                                                 const TokenSecretLookup& lookup,
                                                 int64_t now_unix_seconds);
// The same with a lookup by issuer only: a token that names a "kid" is refused.
Result<JoinClaims, TokenError> verify_join_token(
    std::string_view token,
    const std::function<std::optional<std::string>(std::string_view issuer)>& secret_for_issuer,
    int64_t now_unix_seconds);

}  // namespace meet
