#pragma once
// Sender report (RFC 3550 section 6.4.1):
//
// |V=2|P|    RC   |   PT=SR=200   |             length            | header
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                         SSRC of sender                        |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |              NTP timestamp, most significant word             | sender info
// |             NTP timestamp, least significant word             |
// |                         RTP timestamp                         |
// |                     sender's packet count                     |
// |                      sender's octet count                     |
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

struct RtcpSenderInfo {
  uint32_t sender_ssrc = 0;
  uint64_t ntp_timestamp = 0;  // 32.32 fixed-point seconds since 1900
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
};

// A view over one SR packet; valid as long as the bytes behind `header`.
class RtcpSenderReport {
 public:
  static constexpr size_t kFixedBodySize = 24;  // SSRC + sender info

  // kWrongType unless PT=200; kTooShort when the body cannot hold sender info and RC blocks.
  static Result<RtcpSenderReport, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  uint64_t ntp_timestamp() const { return load_be64(body_, 4); }
  uint32_t rtp_timestamp() const { return load_be32(body_, 12); }
  uint32_t packet_count() const { return load_be32(body_, 16); }
  uint32_t octet_count() const { return load_be32(body_, 20); }
  RtcpSenderInfo sender_info() const;
  size_t report_count() const { return report_count_; }
  RtcpReportBlock report_block(size_t i) const;  // i < report_count(), asserted

  // Writes an SR with `blocks` (at most 31) into `out`; returns the bytes written.
  static Result<size_t, RtcpError> write(const RtcpSenderInfo& info,
                                         std::span<const RtcpReportBlock> blocks,
                                         std::span<uint8_t> out);

 private:
  RtcpSenderReport(std::span<const uint8_t> body, uint8_t count)
      : body_(body), report_count_(count) {}
  std::span<const uint8_t> body_;
  uint8_t report_count_ = 0;
};

}  // namespace meet::rtc
