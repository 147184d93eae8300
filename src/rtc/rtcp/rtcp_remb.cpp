#include "rtc/rtcp/rtcp_remb.hpp"

#include <limits>

#include "common/assert.hpp"

namespace meet::rtc {
namespace {

constexpr uint32_t kRembIdentifier = 0x52454d42;  // "REMB"
constexpr uint32_t kMaxMantissa = 0x3ffff;

}  // namespace

Result<RtcpRemb, RtcpError> RtcpRemb::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpPayloadFeedback || header.count() != kPsfbAfb) {
    return make_error(RtcpError::kWrongType);
  }
  const std::span<const uint8_t> body = header.body();
  if (body.size() < 12) return make_error(RtcpError::kTooShort);
  if (load_be32(body, 8) != kRembIdentifier) return make_error(RtcpError::kWrongType);
  if (body.size() < 16 || body.size() < 16 + 4u * body[12]) {
    return make_error(RtcpError::kTooShort);
  }
  return RtcpRemb(body);
}

uint64_t RtcpRemb::bitrate_bps() const {
  const uint8_t exp = body_[13] >> 2;
  const uint64_t mantissa = load_be24(body_, 13) & kMaxMantissa;
  if (mantissa != 0 && exp > 0 && (mantissa >> (64 - exp)) != 0) {
    return std::numeric_limits<uint64_t>::max();
  }
  return mantissa << exp;
}

uint32_t RtcpRemb::ssrc(size_t i) const {
  MEET_ASSERT(i < ssrc_count(), "REMB ssrc index out of range");
  return load_be32(body_, 16 + 4 * i);
}

Result<size_t, RtcpError> RtcpRemb::write(uint32_t sender_ssrc, uint64_t bitrate_bps,
                                          std::span<const uint32_t> ssrcs, std::span<uint8_t> out) {
  if (ssrcs.size() > 255) return make_error(RtcpError::kTooManyItems);
  const size_t size = kRtcpHeaderSize + 16 + 4 * ssrcs.size();
  if (out.size() < size) return make_error(RtcpError::kBufferTooSmall);
  uint8_t exp = 0;
  while ((bitrate_bps >> exp) > kMaxMantissa) ++exp;
  const auto mantissa = static_cast<uint32_t>(bitrate_bps >> exp);
  RtcpHeader::write(out, kPsfbAfb, kRtcpPayloadFeedback, size);
  store_be32(out, 4, sender_ssrc);
  store_be32(out, 8, 0);  // media source: unused
  store_be32(out, 12, kRembIdentifier);
  out[16] = static_cast<uint8_t>(ssrcs.size());
  store_be24(out, 17, (uint32_t{exp} << 18) | mantissa);
  size_t at = 20;
  for (const uint32_t s : ssrcs) {
    store_be32(out, at, s);
    at += 4;
  }
  return size;
}

}  // namespace meet::rtc
