#include "rtc/rtcp/rtcp_sender_report.hpp"

#include "common/assert.hpp"

namespace meet::rtc {

Result<RtcpSenderReport, RtcpError> RtcpSenderReport::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpSenderReport) return make_error(RtcpError::kWrongType);
  const std::span<const uint8_t> body = header.body();
  if (body.size() < kFixedBodySize + RtcpReportBlock::kSize * header.count()) {
    return make_error(RtcpError::kTooShort);
  }
  return RtcpSenderReport(body, header.count());
}

RtcpSenderInfo RtcpSenderReport::sender_info() const {
  return RtcpSenderInfo{sender_ssrc(), ntp_timestamp(), rtp_timestamp(), packet_count(),
                        octet_count()};
}

RtcpReportBlock RtcpSenderReport::report_block(size_t i) const {
  MEET_ASSERT(i < report_count_, "report block index out of range");
  return RtcpReportBlock::read(body_.subspan(kFixedBodySize + i * RtcpReportBlock::kSize));
}

Result<size_t, RtcpError> RtcpSenderReport::write(const RtcpSenderInfo& info,
                                                  std::span<const RtcpReportBlock> blocks,
                                                  std::span<uint8_t> out) {
  if (blocks.size() > kRtcpMaxCount) return make_error(RtcpError::kTooManyItems);
  const size_t size = kRtcpHeaderSize + kFixedBodySize + blocks.size() * RtcpReportBlock::kSize;
  if (out.size() < size) return make_error(RtcpError::kBufferTooSmall);
  RtcpHeader::write(out, static_cast<uint8_t>(blocks.size()), kRtcpSenderReport, size);
  store_be32(out, 4, info.sender_ssrc);
  store_be64(out, 8, info.ntp_timestamp);
  store_be32(out, 16, info.rtp_timestamp);
  store_be32(out, 20, info.packet_count);
  store_be32(out, 24, info.octet_count);
  size_t at = 28;
  for (const RtcpReportBlock& b : blocks) {
    b.write(out.subspan(at));
    at += RtcpReportBlock::kSize;
  }
  return size;
}

}  // namespace meet::rtc
