#include "storage/azure_sas.hpp"

#include <ctime>

#include "common/base64.hpp"
#include "common/crypto.hpp"
#include "storage/url_text.hpp"

namespace meet::storage {

std::string blob_sas_string_to_sign(const BlobSas& s) {
  std::string out;
  out += s.permissions + "\n";
  out += s.start + "\n";
  out += s.expiry + "\n";
  out += "/blob/" + s.account + "/" + s.container + "/" + s.blob + "\n";
  out += "\n";  // si: no stored access policy
  out += "\n";  // sip: any address
  out += s.protocol + "\n";
  out += s.version + "\n";
  out += "b\n";  // sr: a blob
  out += "\n";   // snapshot time
  out += "\n";   // ses: encryption scope
  out += "\n";   // rscc
  out += s.content_disposition + "\n";
  out += "\n";  // rsce
  out += "\n";  // rscl
  out += "";    // rsct
  return out;
}

std::optional<std::string> blob_sas_query(const BlobSas& s, std::string_view key_base64) {
  auto key = base64_decode(key_base64);
  if (!key) return std::nullopt;
  const std::string to_sign = blob_sas_string_to_sign(s);
  const auto mac = hmac_sha256(
      *key,
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(to_sign.data()), to_sign.size()));
  std::string q = "sv=" + percent_encode(s.version);
  q += "&spr=" + percent_encode(s.protocol);
  if (!s.start.empty()) q += "&st=" + percent_encode(s.start);
  q += "&se=" + percent_encode(s.expiry);
  q += "&sr=b";
  q += "&sp=" + percent_encode(s.permissions);
  if (!s.content_disposition.empty()) q += "&rscd=" + percent_encode(s.content_disposition);
  q += "&sig=" + percent_encode(base64_encode(mac));
  return q;
}

std::string iso8601_utc(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace meet::storage
