// libFuzzer target: verify_join_token on arbitrary text. It must never crash, and a token it
// accepts must carry what was signed: re-signing its claims with the same secret verifies to
// the same identity, room and expiry.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base64.hpp"
#include "common/crypto.hpp"
#include "common/jwt.hpp"

namespace {

constexpr std::string_view kSecret = "fuzz-secret-0123456789abcdef";
constexpr int64_t kNow = 1'700'000'000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto secret = [](std::string_view) { return std::optional<std::string>(std::string(kSecret)); };
  // As it is (the token parser), then as the claims of a validly signed token, so the claim
  // checks behind the signature are reached too.
  (void)meet::verify_join_token(text, secret, kNow);
  const std::string input =
      meet::base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + meet::base64url_encode(text);
  const auto mac =
      meet::hmac_sha256(std::span(reinterpret_cast<const uint8_t*>(kSecret.data()), kSecret.size()),
                        std::span(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
  const std::string token = input + "." + meet::base64url_encode(std::span<const uint8_t>(mac));
  auto claims = meet::verify_join_token(token, secret, kNow);
  if (claims) {
    const std::string again = meet::sign_join_token(claims.value(), kSecret);
    auto checked = meet::verify_join_token(again, secret, kNow);
    if (!checked || checked->identity != claims->identity || checked->room != claims->room ||
        checked->expires_at != claims->expires_at) {
      __builtin_trap();
    }
  }
  return 0;
}
