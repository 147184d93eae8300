#include "rtc/dtls/dtls_certificate.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <array>
#include <stdexcept>

#include "rtc/dtls/dtls_fingerprint.hpp"

namespace meet::rtc {
namespace {

constexpr long kValidBeforeSeconds = 24L * 3600;      // tolerate peers whose clock is behind
constexpr long kValidAfterSeconds = 30L * 24 * 3600;  // a process is restarted well before this

[[noreturn]] void fail(const char* what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  std::array<char, 256> reason{};
  ERR_error_string_n(code, reason.data(), reason.size());
  throw std::runtime_error(std::string("dtls certificate: ") + what + ": " + reason.data());
}

}  // namespace

std::shared_ptr<const DtlsCertificate> DtlsCertificate::generate() {
  ERR_clear_error();
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) fail("EVP_EC_gen");

  X509Ptr cert(X509_new());
  if (!cert) fail("X509_new");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) fail("X509_set_version");

  // RFC 5280 4.1.2.2: a positive serial of at most 20 bytes; 63 random bits keep it positive.
  std::array<unsigned char, 8> serial_bytes{};
  if (RAND_bytes(serial_bytes.data(), static_cast<int>(serial_bytes.size())) != 1) {
    fail("RAND_bytes");
  }
  serial_bytes[0] &= 0x7f;
  serial_bytes[0] |= 0x01;  // never zero
  BignumPtr serial(BN_bin2bn(serial_bytes.data(), static_cast<int>(serial_bytes.size()), nullptr));
  if (!serial) fail("BN_bin2bn");
  if (BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    fail("BN_to_ASN1_INTEGER");
  }

  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kValidBeforeSeconds) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidAfterSeconds) == nullptr) {
    fail("X509_gmtime_adj");
  }

  // Subject and issuer are the same name: the certificate is self-signed and only its
  // fingerprint matters to the peer.
  X509_NAME* name = X509_get_subject_name(cert.get());
  static constexpr unsigned char kCommonName[] = "meet";
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, kCommonName, -1, -1, 0) != 1) {
    fail("X509_NAME_add_entry_by_txt");
  }
  if (X509_set_issuer_name(cert.get(), name) != 1) fail("X509_set_issuer_name");
  if (X509_set_pubkey(cert.get(), key.get()) != 1) fail("X509_set_pubkey");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("X509_sign");

  auto fingerprint = certificate_fingerprint(cert.get(), "sha-256");
  if (!fingerprint) fail("X509_digest");
  return std::make_shared<const DtlsCertificate>(Token{}, std::move(key), std::move(cert),
                                                 std::move(*fingerprint));
}

DtlsCertificate::DtlsCertificate(Token, EvpPkeyPtr key, X509Ptr cert,
                                 std::string fingerprint_sha256)
    : key_(std::move(key)),
      cert_(std::move(cert)),
      fingerprint_sha256_(std::move(fingerprint_sha256)) {}

}  // namespace meet::rtc
