#include "rtc/rtcp/rtcp_report_block.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "common/bytes.hpp"

namespace meet::rtc {

RtcpReportBlock RtcpReportBlock::read(std::span<const uint8_t> b) {
  MEET_ASSERT(b.size() >= kSize, "report block needs 24 bytes");
  RtcpReportBlock r;
  r.ssrc = load_be32(b, 0);
  r.fraction_lost = b[4];
  // Sign-extend the 24-bit two's complement count.
  const uint32_t raw = load_be24(b, 5);
  r.cumulative_lost = static_cast<int32_t>(raw ^ 0x800000u) - 0x800000;
  r.extended_highest_sequence = load_be32(b, 8);
  r.jitter = load_be32(b, 12);
  r.last_sr = load_be32(b, 16);
  r.delay_since_last_sr = load_be32(b, 20);
  return r;
}

void RtcpReportBlock::write(std::span<uint8_t> out) const {
  MEET_ASSERT(out.size() >= kSize, "report block needs 24 bytes");
  store_be32(out, 0, ssrc);
  out[4] = fraction_lost;
  const int32_t lost = std::clamp(cumulative_lost, kMinCumulativeLost, kMaxCumulativeLost);
  store_be24(out, 5, static_cast<uint32_t>(lost) & 0xffffffu);
  store_be32(out, 8, extended_highest_sequence);
  store_be32(out, 12, jitter);
  store_be32(out, 16, last_sr);
  store_be32(out, 20, delay_since_last_sr);
}

uint8_t RtcpReportBlock::fraction_lost_of(int64_t expected, int64_t lost) {
  if (expected <= 0 || lost <= 0) return 0;
  return static_cast<uint8_t>(std::min<int64_t>((lost << 8) / expected, 255));
}

}  // namespace meet::rtc
