#include "api/webhook_signature.hpp"

#include <charconv>

#include "common/crypto.hpp"

namespace meet::api {
namespace {

std::string v1(std::string_view secret, std::string_view t, std::string_view body) {
  std::string signed_text;
  signed_text.reserve(t.size() + 1 + body.size());
  signed_text.append(t).append(".").append(body);
  const auto mac = hmac_sha256(secret, signed_text);
  return to_hex(mac);
}

}  // namespace

std::string sign_webhook(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  return "t=" + t + ",v1=" + v1(secret, t, body);
}

bool verify_webhook_signature(std::string_view header, std::string_view secret,
                              std::string_view body, int64_t now_unix, int64_t tolerance_seconds) {
  if (!header.starts_with("t=")) return false;
  const auto comma = header.find(",v1=");
  if (comma == std::string_view::npos) return false;
  const std::string_view t = header.substr(2, comma - 2);
  const std::string_view mac = header.substr(comma + 4);
  int64_t ts = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), ts);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return false;
  if (ts > now_unix + tolerance_seconds || ts < now_unix - tolerance_seconds) return false;
  return constant_time_equal(mac, v1(secret, t, body));
}

}  // namespace meet::api
