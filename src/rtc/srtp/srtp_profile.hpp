#pragma once
// SRTP protection profiles negotiated by DTLS-SRTP (RFC 5764 section 4.1.2, RFC 7714 section 14.2)
// and the key material each one needs. Header-only so rtc/dtls can name a profile without linking
// libsrtp.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace meet::rtc {

// Values are the IANA "DTLS-SRTP Protection Profiles" code points.
enum class SrtpProfile : uint16_t {
  kAes128CmSha1_80 = 0x0001,  // SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764)
  kAeadAes128Gcm = 0x0007,    // SRTP_AEAD_AES_128_GCM (RFC 7714)
};

// Master key length in bytes (RFC 5764 4.1.2: 128 bits for both profiles).
constexpr size_t srtp_master_key_length(SrtpProfile p) {
  switch (p) {
    case SrtpProfile::kAes128CmSha1_80:
    case SrtpProfile::kAeadAes128Gcm:
      return 16;
  }
  return 0;
}

// Master salt length in bytes: 112 bits for AES-CM (RFC 3711 8.2), 96 bits for AEAD (RFC 7714 12).
constexpr size_t srtp_master_salt_length(SrtpProfile p) {
  switch (p) {
    case SrtpProfile::kAes128CmSha1_80:
      return 14;
    case SrtpProfile::kAeadAes128Gcm:
      return 12;
  }
  return 0;
}

// Key followed by salt, the layout libsrtp and SrtpKeys use.
constexpr size_t srtp_key_salt_length(SrtpProfile p) {
  return srtp_master_key_length(p) + srtp_master_salt_length(p);
}

// Bytes srtp_protect() appends to an RTP packet: the 80-bit HMAC tag, or the 16-byte GCM tag.
constexpr size_t srtp_rtp_trailer_length(SrtpProfile p) {
  switch (p) {
    case SrtpProfile::kAes128CmSha1_80:
      return 10;
    case SrtpProfile::kAeadAes128Gcm:
      return 16;
  }
  return 0;
}

// Bytes srtp_protect_rtcp() appends: the 4-byte E flag + SRTCP index (RFC 3711 3.4), then the tag.
constexpr size_t srtp_rtcp_trailer_length(SrtpProfile p) {
  return 4 + srtp_rtp_trailer_length(p);
}

constexpr std::string_view to_string(SrtpProfile p) {
  switch (p) {
    case SrtpProfile::kAes128CmSha1_80:
      return "AES_CM_128_HMAC_SHA1_80";
    case SrtpProfile::kAeadAes128Gcm:
      return "AEAD_AES_128_GCM";
  }
  return "unknown";
}

}  // namespace meet::rtc
