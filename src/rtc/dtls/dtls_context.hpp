#pragma once
// Process-wide DTLS 1.2 settings: one SSL_CTX carrying the certificate, cipher suites and
// DTLS-SRTP profiles, shared by every DtlsTransport (client or server role).
#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "rtc/dtls/openssl_ptr.hpp"
#include "rtc/srtp/srtp_profile.hpp"

namespace meet::rtc {

class DtlsCertificate;

struct DtlsContextOptions {
  // In order of preference; the server picks its most preferred one the client offers.
  std::vector<SrtpProfile> srtp_profiles = {SrtpProfile::kAeadAes128Gcm,
                                            SrtpProfile::kAes128CmSha1_80};
  // Handshake retransmission timer (RFC 6347 4.2.4.1: start at 1 s, double on each expiry).
  // At least 50 ms: OpenSSL counts a timer with under 15 ms left as expired, so shorter ones
  // retransmit on every read and give up at once.
  std::chrono::milliseconds initial_retransmit_timeout{1000};
  std::chrono::milliseconds max_retransmit_timeout{60000};
  // Largest datagram we send: fits in a 1280-byte IPv6 path with IP, UDP and TURN headers.
  uint16_t mtu = 1200;
};

// Built once at start-up (the constructor throws std::runtime_error on an OpenSSL failure or bad
// options) and must outlive its transports. After construction it is read-only, so transports on
// different threads may share it.
class DtlsContext {
 public:
  explicit DtlsContext(std::shared_ptr<const DtlsCertificate> certificate,
                       DtlsContextOptions options = {});
  ~DtlsContext();
  DtlsContext(const DtlsContext&) = delete;
  DtlsContext& operator=(const DtlsContext&) = delete;

  SSL_CTX* native() const { return ctx_.get(); }
  const DtlsCertificate& certificate() const { return *certificate_; }
  const DtlsContextOptions& options() const { return options_; }

 private:
  std::shared_ptr<const DtlsCertificate> certificate_;
  DtlsContextOptions options_;
  SslCtxPtr ctx_;
};

}  // namespace meet::rtc
