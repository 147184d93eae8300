#pragma once
// Azure Storage Shared Key authorization (Blob service, versions 2015-02-21 and later):
// https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key
//
//   StringToSign = VERB "\n" Content-Encoding "\n" Content-Language "\n"
//                  Content-Length (empty when 0) "\n" Content-MD5 "\n" Content-Type "\n"
//                  Date "\n" If-Modified-Since "\n" If-Match "\n" If-None-Match "\n"
//                  If-Unmodified-Since "\n" Range "\n"
//                  CanonicalizedHeaders      every x-ms-* header: "name:value\n", names lower
//                                            case, sorted, values trimmed
//                  CanonicalizedResource     "/" account URL-path (as sent, encoded), then per
//                                            query parameter, sorted by lower-case name:
//                                            "\n" name ":" decoded values, sorted, comma-joined
//   Authorization = "SharedKey " account ":" base64(HMAC-SHA256(base64decode(key), StringToSign))
//
// Path-style (emulator) URLs keep the account name in the URL path, so it appears twice:
// "/devstoreaccount1/devstoreaccount1/container/blob". Pure functions, any thread.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meet::storage {

struct SignedRequest {
  std::string method;  // "PUT", "GET", ...
  std::string url;     // absolute: "https://acct.blob.core.windows.net/c/b?comp=block&blockid=.."
  std::vector<std::pair<std::string, std::string>> headers;  // as sent (any case)
};

std::string shared_key_string_to_sign(const SignedRequest& request, std::string_view account);

// The Authorization header value; nullopt when `key_base64` is not base64.
std::optional<std::string> shared_key_authorization(const SignedRequest& request,
                                                    std::string_view account,
                                                    std::string_view key_base64);

// RFC 1123 date in GMT for x-ms-date: "Mon, 07 Dec 2026 03:50:41 GMT".
std::string http_date(int64_t unix_seconds);
// Parses that form back (Last-Modified); nullopt when it does not parse.
std::optional<int64_t> parse_http_date(std::string_view text);

}  // namespace meet::storage
