#include "rtc/rtcp/rtcp_nack.hpp"

namespace meet::rtc {

Result<RtcpNack, RtcpError> RtcpNack::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpRtpFeedback || header.count() != kRtpfbNack) {
    return make_error(RtcpError::kWrongType);
  }
  const std::span<const uint8_t> body = header.body();
  if (body.size() < 8) return make_error(RtcpError::kTooShort);
  if (body.size() < 12) return make_error(RtcpError::kBadCount);
  return RtcpNack(body);
}

size_t RtcpNack::lost_sequence_numbers(std::span<uint16_t> out) const {
  size_t n = 0;
  for_each_lost([&](uint16_t seq) {
    if (n < out.size()) out[n++] = seq;
  });
  return n;
}

Result<size_t, RtcpError> RtcpNack::write(uint32_t sender_ssrc, uint32_t media_ssrc,
                                          std::span<const uint16_t> lost, std::span<uint8_t> out) {
  if (lost.empty()) return make_error(RtcpError::kBadInput);
  if (out.size() < 16) return make_error(RtcpError::kBufferTooSmall);
  size_t at = 12;  // next entry
  size_t entry = 0;
  uint16_t pid = 0;
  uint16_t blp = 0;
  bool open = false;
  for (const uint16_t seq : lost) {
    const uint16_t diff = static_cast<uint16_t>(seq - pid);
    if (open && diff == 0) continue;
    if (open && diff <= 16) {
      blp = static_cast<uint16_t>(blp | (1u << (diff - 1)));
      store_be16(out, entry + 2, blp);
      continue;
    }
    if (at + 4 > out.size() || (at + 4) / 4 > 0x10000) {
      return make_error(RtcpError::kBufferTooSmall);
    }
    entry = at;
    pid = seq;
    blp = 0;
    open = true;
    store_be16(out, entry, pid);
    store_be16(out, entry + 2, blp);
    at += 4;
  }
  RtcpHeader::write(out, kRtpfbNack, kRtcpRtpFeedback, at);
  store_be32(out, 4, sender_ssrc);
  store_be32(out, 8, media_ssrc);
  return at;
}

}  // namespace meet::rtc
