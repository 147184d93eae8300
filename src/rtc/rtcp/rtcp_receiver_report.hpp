#pragma once
// Receiver report (RFC 3550 section 6.4.2):
//
// |V=2|P|    RC   |   PT=RR=201   |             length            | header
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                     SSRC of packet sender                     |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                 report block 1 .. RC (24 bytes each)          |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                  profile-specific extensions                  |
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"
#include "rtc/rtcp/rtcp_report_block.hpp"

namespace meet::rtc {

// A view over one RR packet; valid as long as the bytes behind `header`.
class RtcpReceiverReport {
 public:
  // kWrongType unless PT=201; kTooShort when the body cannot hold the SSRC and RC blocks.
  static Result<RtcpReceiverReport, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  size_t report_count() const { return report_count_; }
  RtcpReportBlock report_block(size_t i) const;  // i < report_count(), asserted

  // Writes an RR with `blocks` (at most 31; none is a valid "empty RR") into `out`.
  static Result<size_t, RtcpError> write(uint32_t sender_ssrc,
                                         std::span<const RtcpReportBlock> blocks,
                                         std::span<uint8_t> out);

 private:
  RtcpReceiverReport(std::span<const uint8_t> body, uint8_t count)
      : body_(body), report_count_(count) {}
  std::span<const uint8_t> body_;
  uint8_t report_count_ = 0;
};

}  // namespace meet::rtc
