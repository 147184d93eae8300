#include "rtc/rtcp/rtcp_header.hpp"

#include "common/assert.hpp"
#include "common/bytes.hpp"

namespace meet::rtc {

Result<RtcpHeader, RtcpError> RtcpHeader::parse(std::span<const uint8_t> bytes) {
  if (bytes.size() < kRtcpHeaderSize) return make_error(RtcpError::kTooShort);
  if ((bytes[0] >> 6) != 2) return make_error(RtcpError::kBadVersion);
  const size_t size = (size_t{load_be16(bytes, 2)} + 1) * 4;
  if (size > bytes.size()) return make_error(RtcpError::kBadLength);
  RtcpHeader h(bytes.first(size));
  if (h.has_padding()) {
    // RFC 3550 6.4.1: the last octet counts the padding, itself included.
    const uint8_t padding = bytes[size - 1];
    if (padding == 0 || padding > size - kRtcpHeaderSize) {
      return make_error(RtcpError::kBadPadding);
    }
    h.padding_ = padding;
  }
  return h;
}

void RtcpHeader::write(std::span<uint8_t> out, uint8_t count, uint8_t packet_type, size_t size) {
  MEET_ASSERT(count <= kRtcpMaxCount, "RTCP count is 5 bits");
  MEET_ASSERT(size >= 4 && size % 4 == 0 && size / 4 <= 0x10000, "RTCP size in 32-bit words");
  out[0] = static_cast<uint8_t>(0x80 | count);
  out[1] = packet_type;
  store_be16(out, 2, static_cast<uint16_t>(size / 4 - 1));
}

}  // namespace meet::rtc
