#include "rtc/dtls/dtls_fingerprint.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <cctype>

namespace meet::rtc {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// RFC 8122 section 5 hash function names (IANA "Hash Function Textual Names").
const EVP_MD* digest_for(std::string_view algorithm) {
  if (iequals(algorithm, "sha-256")) return EVP_sha256();
  if (iequals(algorithm, "sha-1")) return EVP_sha1();
  if (iequals(algorithm, "sha-384")) return EVP_sha384();
  if (iequals(algorithm, "sha-512")) return EVP_sha512();
  if (iequals(algorithm, "sha-224")) return EVP_sha224();
  return nullptr;
}

}  // namespace

bool fingerprint_algorithm_supported(std::string_view algorithm) {
  return digest_for(algorithm) != nullptr;
}

bool fingerprint_well_formed(std::string_view algorithm, std::string_view value) {
  const EVP_MD* md = digest_for(algorithm);
  if (md == nullptr) return false;
  size_t bytes = static_cast<size_t>(EVP_MD_get_size(md));
  if (value.size() != bytes * 3 - 1) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    bool colon_slot = i % 3 == 2;
    if (colon_slot ? value[i] != ':' : !std::isxdigit(static_cast<unsigned char>(value[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> certificate_fingerprint(const X509* cert, std::string_view algorithm) {
  const EVP_MD* md = digest_for(algorithm);
  if (md == nullptr || cert == nullptr) return std::nullopt;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  ERR_clear_error();
  if (X509_digest(cert, md, digest.data(), &length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(length * 3);
  for (unsigned int i = 0; i < length; ++i) {
    if (i != 0) out.push_back(':');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0f]);
  }
  return out;
}

bool fingerprints_equal(std::string_view a, std::string_view b) {
  return !a.empty() && iequals(a, b);
}

}  // namespace meet::rtc
