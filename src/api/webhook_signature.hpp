#pragma once
// Webhook signatures. Header:
//   Meet-Signature: t=<unix seconds>,v1=<lower-case hex HMAC-SHA256(secret, "<t>.<body>")>
// Receivers recompute v1 over the raw body and reject a t too far from their clock (replay).
#include <cstdint>
#include <string>
#include <string_view>

namespace meet::api {

std::string sign_webhook(std::string_view secret, int64_t unix_seconds, std::string_view body);

// Checks a header value against body and secret; `tolerance_seconds` bounds |now - t|.
bool verify_webhook_signature(std::string_view header, std::string_view secret,
                              std::string_view body, int64_t now_unix,
                              int64_t tolerance_seconds = 300);

}  // namespace meet::api
