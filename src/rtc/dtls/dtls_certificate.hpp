#pragma once
// The server's DTLS identity: an ECDSA P-256 key and a self-signed certificate whose SHA-256
// fingerprint goes into every SDP answer (RFC 8827 section 6.5, RFC 8122).
#include <openssl/types.h>

#include <memory>
#include <string>

#include "rtc/dtls/openssl_ptr.hpp"

namespace meet::rtc {

// Immutable after generate(): one instance per process, shared by every DtlsContext and readable
// from any thread.
class DtlsCertificate {
  struct Token {
    explicit Token() = default;
  };

 public:
  // New key pair and certificate: random 64-bit serial, CN "meet", valid from one day ago
  // (clock skew) for 30 days, signed with ECDSA-SHA256. Start-up only: throws std::runtime_error
  // with OpenSSL's reason if generation fails.
  static std::shared_ptr<const DtlsCertificate> generate();

  DtlsCertificate(Token, EvpPkeyPtr key, X509Ptr cert, std::string fingerprint_sha256);

  // "AB:CD:..." (95 characters), upper case, for a=fingerprint:sha-256.
  const std::string& fingerprint_sha256() const { return fingerprint_sha256_; }

  // Borrowed pointers for OpenSSL calls that take non-const arguments but only add references
  // (SSL_CTX_use_certificate, SSL_CTX_use_PrivateKey). Callers must not modify the objects.
  X509* x509() const { return cert_.get(); }
  EVP_PKEY* private_key() const { return key_.get(); }

 private:
  EvpPkeyPtr key_;
  X509Ptr cert_;
  std::string fingerprint_sha256_;
};

}  // namespace meet::rtc
