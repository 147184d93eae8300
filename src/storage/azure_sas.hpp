#pragma once
// Service SAS for one blob (read-only download links), signed version 2020-12-06 and later:
// https://learn.microsoft.com/rest/api/storageservices/create-service-sas
//
//   StringToSign = sp "\n" st "\n" se "\n" "/blob/" account "/" container "/" blob "\n"
//                  si "\n" sip "\n" spr "\n" sv "\n" sr "\n" snapshot "\n" ses "\n"
//                  rscc "\n" rscd "\n" rsce "\n" rscl "\n" rsct
//   sig = base64(HMAC-SHA256(base64decode(key), StringToSign))
//
// The canonical resource is the same for path-style (emulator) endpoints. Pure functions.
#include <cstdint>
#include <optional>
#include <string>

namespace meet::storage {

inline constexpr const char* kSasVersion = "2021-08-06";

struct BlobSas {
  std::string account;
  std::string container;
  std::string blob;                   // unencoded name
  std::string permissions = "r";      // sp
  std::string start;                  // st, ISO 8601 UTC; empty: none
  std::string expiry;                 // se, ISO 8601 UTC "2026-12-07T05:00:00Z"
  std::string protocol = "https";     // spr: "https" or "https,http"
  std::string version = kSasVersion;  // sv
  std::string content_disposition;    // rscd; empty: none
};

std::string blob_sas_string_to_sign(const BlobSas& sas);
// The query string (no '?'): sv, spr, st, se, sr=b, sp, rscd, sig, values percent-encoded.
// nullopt when `key_base64` is not base64.
std::optional<std::string> blob_sas_query(const BlobSas& sas, std::string_view key_base64);
// "2026-12-07T05:00:00Z" for a unix time in seconds.
std::string iso8601_utc(int64_t unix_seconds);

}  // namespace meet::storage
