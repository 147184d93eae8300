#include "rtc/rtcp/rtcp_fir.hpp"

#include <algorithm>

#include "common/assert.hpp"

namespace meet::rtc {

Result<RtcpFir, RtcpError> RtcpFir::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpPayloadFeedback || header.count() != kPsfbFir) {
    return make_error(RtcpError::kWrongType);
  }
  const std::span<const uint8_t> body = header.body();
  if (body.size() < 8) return make_error(RtcpError::kTooShort);
  const size_t fci = body.size() - 8;
  if (fci == 0 || fci % kEntrySize != 0) return make_error(RtcpError::kBadCount);
  return RtcpFir(body);
}

RtcpFirEntry RtcpFir::entry(size_t i) const {
  MEET_ASSERT(i < entry_count(), "FIR entry index out of range");
  const size_t at = 8 + i * kEntrySize;
  return RtcpFirEntry{load_be32(body_, at), body_[at + 4]};
}

Result<size_t, RtcpError> RtcpFir::write(uint32_t sender_ssrc,
                                         std::span<const RtcpFirEntry> entries,
                                         std::span<uint8_t> out) {
  if (entries.empty()) return make_error(RtcpError::kBadInput);
  if (entries.size() > 0x7fff) return make_error(RtcpError::kTooManyItems);
  const size_t size = kRtcpHeaderSize + 8 + entries.size() * kEntrySize;
  if (out.size() < size) return make_error(RtcpError::kBufferTooSmall);
  std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(size), uint8_t{0});
  RtcpHeader::write(out, kPsfbFir, kRtcpPayloadFeedback, size);
  store_be32(out, 4, sender_ssrc);
  size_t at = 12;
  for (const RtcpFirEntry& e : entries) {
    store_be32(out, at, e.ssrc);
    out[at + 4] = e.sequence_number;
    at += kEntrySize;
  }
  return size;
}

}  // namespace meet::rtc
