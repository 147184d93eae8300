#include "rtc/rtp/rtx.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "common/bytes.hpp"

namespace meet::rtc {

Result<RtpPacket, RtxError> build_rtx(const RtpPacket& original, uint32_t rtx_ssrc,
                                      uint8_t rtx_payload_type, uint16_t rtx_sequence_number,
                                      std::span<uint8_t> out) {
  const size_t header = original.header_size();
  const std::span<const uint8_t> payload = original.payload();
  const size_t total = header + 2 + payload.size();
  if (out.size() < total) return make_error(RtxError::kBufferTooSmall);

  const std::span<const uint8_t> src = original.bytes();
  std::copy(src.begin(), src.begin() + static_cast<ptrdiff_t>(header), out.begin());
  out[0] &= static_cast<uint8_t>(~0x20);  // padding is not carried over
  store_be16(out, header, original.sequence_number());
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<ptrdiff_t>(header + 2));

  auto parsed = RtpPacket::parse(out.first(total));
  MEET_ASSERT(parsed.ok(), "rtx copy of a valid header must parse");
  RtpPacket rtx = std::move(parsed).value();
  rtx.set_ssrc(rtx_ssrc);
  rtx.set_payload_type(rtx_payload_type);
  rtx.set_sequence_number(rtx_sequence_number);
  return rtx;
}

std::optional<uint16_t> rtx_original_sequence_number(const RtpPacket& rtx) {
  if (rtx.payload_size() < 2) return std::nullopt;
  return load_be16(rtx.payload(), 0);
}

Result<RtpPacket, RtxError> unwrap_rtx(RtpPacket rtx, uint32_t original_ssrc,
                                       uint8_t original_payload_type) {
  const auto osn = rtx_original_sequence_number(rtx);
  if (!osn) return make_error(RtxError::kNoOriginalSequenceNumber);
  const std::span<uint8_t> b = rtx.bytes();
  const auto header = static_cast<ptrdiff_t>(rtx.header_size());
  std::copy_backward(b.begin(), b.begin() + header, b.begin() + header + 2);

  auto parsed = RtpPacket::parse(b.subspan(2));
  MEET_ASSERT(parsed.ok(), "shifted rtx header must parse");
  RtpPacket original = std::move(parsed).value();
  original.set_sequence_number(*osn);
  original.set_ssrc(original_ssrc);
  original.set_payload_type(original_payload_type);
  return original;
}

}  // namespace meet::rtc
