#pragma once
// Why rtc/dtls refused an input. The caller counts these; none is logged per packet.
#include <cstdint>
#include <string_view>

namespace meet::rtc {

enum class DtlsError : uint8_t {
  kNotDtls,                 // first byte outside the DTLS range of RFC 7983 (20..63)
  kMalformedRecord,         // records do not tile the datagram, bad version or length
  kDatagramTooLarge,        // larger than any DTLS peer sends
  kNotActive,               // transport not started, closed or failed: input ignored
  kUnexpectedRecord,        // a server waiting for a ClientHello got something else
  kHandshakeFailed,         // this datagram ended the handshake with a fatal error
  kUnsupportedFingerprint,  // set_remote_fingerprint: hash we do not know
  kMalformedFingerprint,    // set_remote_fingerprint: not "XX:XX:..." hex pairs
};

constexpr std::string_view to_string(DtlsError e) {
  switch (e) {
    case DtlsError::kNotDtls:
      return "not dtls";
    case DtlsError::kMalformedRecord:
      return "malformed record";
    case DtlsError::kDatagramTooLarge:
      return "datagram too large";
    case DtlsError::kNotActive:
      return "not active";
    case DtlsError::kUnexpectedRecord:
      return "unexpected record";
    case DtlsError::kHandshakeFailed:
      return "handshake failed";
    case DtlsError::kUnsupportedFingerprint:
      return "unsupported fingerprint algorithm";
    case DtlsError::kMalformedFingerprint:
      return "malformed fingerprint";
  }
  return "unknown";
}

}  // namespace meet::rtc
