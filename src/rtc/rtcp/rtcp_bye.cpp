#include "rtc/rtcp/rtcp_bye.hpp"

#include <algorithm>

#include "common/assert.hpp"

namespace meet::rtc {

Result<RtcpBye, RtcpError> RtcpBye::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpBye) return make_error(RtcpError::kWrongType);
  const std::span<const uint8_t> body = header.body();
  const size_t ssrcs = 4u * header.count();
  if (body.size() < ssrcs) return make_error(RtcpError::kTooShort);
  RtcpBye bye(body, header.count());
  if (body.size() > ssrcs) {
    const size_t len = body[ssrcs];
    if (ssrcs + 1 + len > body.size()) return make_error(RtcpError::kBadItem);
    bye.reason_ = std::string_view(reinterpret_cast<const char*>(body.data() + ssrcs + 1), len);
  }
  return bye;
}

uint32_t RtcpBye::ssrc(size_t i) const {
  MEET_ASSERT(i < ssrc_count_, "BYE ssrc index out of range");
  return load_be32(body_, 4 * i);
}

Result<size_t, RtcpError> RtcpBye::write(std::span<const uint32_t> ssrcs, std::string_view reason,
                                         std::span<uint8_t> out) {
  if (ssrcs.size() > kRtcpMaxCount) return make_error(RtcpError::kTooManyItems);
  if (reason.size() > 255) return make_error(RtcpError::kBadInput);
  size_t size = kRtcpHeaderSize + 4 * ssrcs.size();
  if (!reason.empty()) size += (1 + reason.size() + 3) / 4 * 4;
  if (out.size() < size) return make_error(RtcpError::kBufferTooSmall);
  std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(size), uint8_t{0});
  RtcpHeader::write(out, static_cast<uint8_t>(ssrcs.size()), kRtcpBye, size);
  size_t at = kRtcpHeaderSize;
  for (const uint32_t s : ssrcs) {
    store_be32(out, at, s);
    at += 4;
  }
  if (!reason.empty()) {
    out[at] = static_cast<uint8_t>(reason.size());
    std::copy(reason.begin(), reason.end(), out.begin() + static_cast<ptrdiff_t>(at + 1));
  }
  return size;
}

}  // namespace meet::rtc
