#include "rtc/rtcp/rtcp_pli.hpp"

namespace meet::rtc {

Result<RtcpPli, RtcpError> RtcpPli::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpPayloadFeedback || header.count() != kPsfbPli) {
    return make_error(RtcpError::kWrongType);
  }
  if (header.body().size() < 8) return make_error(RtcpError::kTooShort);
  return RtcpPli(header.body());
}

Result<size_t, RtcpError> RtcpPli::write(uint32_t sender_ssrc, uint32_t media_ssrc,
                                         std::span<uint8_t> out) {
  if (out.size() < kSize) return make_error(RtcpError::kBufferTooSmall);
  RtcpHeader::write(out, kPsfbPli, kRtcpPayloadFeedback, kSize);
  store_be32(out, 4, sender_ssrc);
  store_be32(out, 8, media_ssrc);
  return kSize;
}

}  // namespace meet::rtc
