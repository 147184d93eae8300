#include "rtc/rtcp/rtcp_receiver_report.hpp"

#include "common/assert.hpp"

namespace meet::rtc {

Result<RtcpReceiverReport, RtcpError> RtcpReceiverReport::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpReceiverReport) return make_error(RtcpError::kWrongType);
  const std::span<const uint8_t> body = header.body();
  if (body.size() < 4 + RtcpReportBlock::kSize * header.count()) {
    return make_error(RtcpError::kTooShort);
  }
  return RtcpReceiverReport(body, header.count());
}

RtcpReportBlock RtcpReceiverReport::report_block(size_t i) const {
  MEET_ASSERT(i < report_count_, "report block index out of range");
  return RtcpReportBlock::read(body_.subspan(4 + i * RtcpReportBlock::kSize));
}

Result<size_t, RtcpError> RtcpReceiverReport::write(uint32_t sender_ssrc,
                                                    std::span<const RtcpReportBlock> blocks,
                                                    std::span<uint8_t> out) {
  if (blocks.size() > kRtcpMaxCount) return make_error(RtcpError::kTooManyItems);
  const size_t size = kRtcpHeaderSize + 4 + blocks.size() * RtcpReportBlock::kSize;
  if (out.size() < size) return make_error(RtcpError::kBufferTooSmall);
  RtcpHeader::write(out, static_cast<uint8_t>(blocks.size()), kRtcpReceiverReport, size);
  store_be32(out, 4, sender_ssrc);
  size_t at = 8;
  for (const RtcpReportBlock& b : blocks) {
    b.write(out.subspan(at));
    at += RtcpReportBlock::kSize;
  }
  return size;
}

}  // namespace meet::rtc
