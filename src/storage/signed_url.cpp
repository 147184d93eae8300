#include "storage/signed_url.hpp"

#include <charconv>

#include "common/crypto.hpp"

namespace meet::storage {

std::string local_url_signature(std::string_view secret, std::string_view blob_name,
                                int64_t expires_unix_s) {
  std::string data(blob_name);
  data += '\n';
  data += std::to_string(expires_unix_s);
  return to_hex(hmac_sha256(secret, data));
}

std::string local_download_target(std::string_view secret, std::string_view blob_name,
                                  int64_t expires_unix_s) {
  // Blob names hold only URL-safe characters and '/' (valid_blob_name), so no escaping.
  std::string out(kLocalDownloadPrefix);
  out += '/';
  out += blob_name;
  out += "?expires=" + std::to_string(expires_unix_s);
  out += "&sig=" + local_url_signature(secret, blob_name, expires_unix_s);
  return out;
}

SignedUrlCheck check_local_url(std::string_view secret, std::string_view blob_name,
                               std::string_view expires, std::string_view sig, int64_t now_unix_s) {
  int64_t at = 0;
  auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), at);
  if (ec != std::errc() || end != expires.data() + expires.size() || expires.empty()) {
    return SignedUrlCheck::kBadSignature;
  }
  const std::string want = local_url_signature(secret, blob_name, at);
  if (!constant_time_equal(want, sig)) return SignedUrlCheck::kBadSignature;
  if (now_unix_s >= at) return SignedUrlCheck::kExpired;
  return SignedUrlCheck::kValid;
}

}  // namespace meet::storage
