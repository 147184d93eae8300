#pragma once
// Signed download links for the local-disk BlobStore: meet serves
//   GET /recordings/<blob name>?expires=<unix seconds>&sig=<hex>
// where sig = lower-case hex HMAC-SHA256(secret, "<blob name>\n<expires>"). Anyone holding the
// link may download that one blob until it expires; nothing else is granted. Pure functions.
#include <cstdint>
#include <string>
#include <string_view>

namespace meet::storage {

// Path prefix of the route, without a trailing slash.
inline constexpr std::string_view kLocalDownloadPrefix = "/recordings";

std::string local_url_signature(std::string_view secret, std::string_view blob_name,
                                int64_t expires_unix_s);

// The path and query (no scheme or host) of the link.
std::string local_download_target(std::string_view secret, std::string_view blob_name,
                                  int64_t expires_unix_s);

enum class SignedUrlCheck : uint8_t { kValid, kExpired, kBadSignature };

// Checks the query values the route received. `expires` is the raw text; a value that does not
// parse is kBadSignature. Constant-time comparison of the signature.
SignedUrlCheck check_local_url(std::string_view secret, std::string_view blob_name,
                               std::string_view expires, std::string_view sig, int64_t now_unix_s);

}  // namespace meet::storage
