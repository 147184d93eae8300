#include "rtc/dtls/dtls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>
#include <stdexcept>
#include <string>

#include "rtc/dtls/dtls_certificate.hpp"

namespace meet::rtc {
namespace {

// ECDSA suites only (our key is P-256), AEAD first; the CBC ones are for old peers.
constexpr const char* kCipherList =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA";
constexpr const char* kGroups = "X25519:P-256:P-384";

[[noreturn]] void fail(const std::string& what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  std::array<char, 256> reason{};
  ERR_error_string_n(code, reason.data(), reason.size());
  throw std::runtime_error("dtls context: " + what + ": " + reason.data());
}

// OpenSSL names for SSL_CTX_set_tlsext_use_srtp (RFC 5764 4.1.2, RFC 7714 14.2).
const char* openssl_profile_name(SrtpProfile p) {
  switch (p) {
    case SrtpProfile::kAes128CmSha1_80:
      return "SRTP_AES128_CM_SHA1_80";
    case SrtpProfile::kAeadAes128Gcm:
      return "SRTP_AEAD_AES_128_GCM";
  }
  return "";
}

// The peer's certificate is self-signed and no CA vouches for it; what authenticates it is the
// fingerprint from the signaled SDP, which DtlsTransport checks in its own verify callback. This
// context-level callback only exists for SSL objects that have none.
int accept_any_certificate(int /*preverify_ok*/, X509_STORE_CTX* /*store*/) {
  return 1;
}

}  // namespace

DtlsContext::DtlsContext(std::shared_ptr<const DtlsCertificate> certificate,
                         DtlsContextOptions options)
    : certificate_(std::move(certificate)), options_(std::move(options)) {
  if (!certificate_) throw std::runtime_error("dtls context: no certificate");
  if (options_.srtp_profiles.empty()) throw std::runtime_error("dtls context: no srtp profile");
  if (options_.initial_retransmit_timeout < std::chrono::milliseconds(50) ||
      options_.max_retransmit_timeout < options_.initial_retransmit_timeout ||
      options_.max_retransmit_timeout > std::chrono::minutes(10)) {
    throw std::runtime_error("dtls context: bad retransmit timeouts");
  }
  if (options_.mtu < 576) throw std::runtime_error("dtls context: mtu below 576");

  ERR_clear_error();
  ctx_.reset(SSL_CTX_new(DTLS_method()));
  if (!ctx_) fail("SSL_CTX_new");
  SSL_CTX* ctx = ctx_.get();
  if (SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) != 1) {
    fail("set proto version");
  }
  if (SSL_CTX_use_certificate(ctx, certificate_->x509()) != 1) fail("SSL_CTX_use_certificate");
  if (SSL_CTX_use_PrivateKey(ctx, certificate_->private_key()) != 1) {
    fail("SSL_CTX_use_PrivateKey");
  }
  if (SSL_CTX_check_private_key(ctx) != 1) fail("SSL_CTX_check_private_key");
  if (SSL_CTX_set_cipher_list(ctx, kCipherList) != 1) fail("SSL_CTX_set_cipher_list");
  if (SSL_CTX_set1_groups_list(ctx, kGroups) != 1) fail("SSL_CTX_set1_groups_list");

  std::string profiles;
  for (SrtpProfile p : options_.srtp_profiles) {
    if (!profiles.empty()) profiles += ':';
    profiles += openssl_profile_name(p);
  }
  // Note the inverted convention: this one returns 0 on success.
  if (SSL_CTX_set_tlsext_use_srtp(ctx, profiles.c_str()) != 0) fail("SSL_CTX_set_tlsext_use_srtp");

  // Both roles demand the peer's certificate (a WebRTC peer always has one); the server sends a
  // CertificateRequest and fails the handshake if the client has none.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     accept_any_certificate);
  // No resumption: every association is a fresh handshake, and no shared cache to lock.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  // The engine moves datagrams through memory BIOs: OpenSSL must not ask a socket for the MTU.
  SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_read_ahead(ctx, 1);
}

DtlsContext::~DtlsContext() = default;

}  // namespace meet::rtc
