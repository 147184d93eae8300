#include "rtc/dtls/dtls_datagram.hpp"

#include "common/bytes.hpp"

namespace meet::rtc {
namespace {

// DTLSPlaintext / DTLSCiphertext header (RFC 6347 section 4.1), 13 bytes:
//
//   0: type | 1-2: version (major 254) | 3-4: epoch | 5-10: sequence_number | 11-12: length
//   13..: fragment[length]
constexpr size_t kRecordHeaderLength = 13;
constexpr size_t kMaxFragmentLength = 16384 + 2048;
constexpr uint8_t kHandshake = 22;
constexpr uint8_t kApplicationData = 23;
constexpr uint8_t kClientHello = 1;
constexpr size_t kHandshakeHeaderLength = 12;  // RFC 6347 4.2.2

bool known_content_type(uint8_t type) {
  return type >= 20 && type <= 23;
}
bool known_version(uint8_t major, uint8_t minor) {
  return major == 254 && (minor == 255 || minor == 253);  // DTLS 1.0, DTLS 1.2
}

}  // namespace

Result<size_t, DtlsError> check_dtls_datagram(std::span<const uint8_t> datagram,
                                              size_t min_protected_fragment) {
  if (datagram.empty() || datagram[0] < 20 || datagram[0] > 63) {
    return make_error(DtlsError::kNotDtls);  // RFC 7983 section 7 demultiplexing range
  }
  if (datagram.size() > kMaxDtlsDatagramSize) return make_error(DtlsError::kDatagramTooLarge);
  size_t at = 0;
  size_t records = 0;
  while (at < datagram.size()) {
    if (datagram.size() - at < kRecordHeaderLength) return make_error(DtlsError::kMalformedRecord);
    if (!known_content_type(datagram[at]) || !known_version(datagram[at + 1], datagram[at + 2])) {
      return make_error(DtlsError::kMalformedRecord);
    }
    size_t length = load_be16(datagram, at + 11);
    uint16_t epoch = load_be16(datagram, at + 3);
    if (datagram[at] == kApplicationData && epoch == 0) {
      return make_error(DtlsError::kMalformedRecord);
    }
    if (epoch != 0 && length < min_protected_fragment) {
      return make_error(DtlsError::kMalformedRecord);
    }
    if (length > kMaxFragmentLength || length > datagram.size() - at - kRecordHeaderLength) {
      return make_error(DtlsError::kMalformedRecord);
    }
    at += kRecordHeaderLength + length;
    ++records;
  }
  return records;
}

bool starts_with_client_hello(std::span<const uint8_t> datagram) {
  if (datagram.size() < kRecordHeaderLength + kHandshakeHeaderLength) return false;
  if (datagram[0] != kHandshake || load_be16(datagram, 3) != 0) return false;
  if (load_be16(datagram, 11) < kHandshakeHeaderLength) return false;
  return datagram[kRecordHeaderLength] == kClientHello;
}

}  // namespace meet::rtc
