#pragma once
// Picture loss indication (RFC 4585 section 6.3.1): a feedback header without FCI.
//
// |V=2|P| FMT=1   |   PT=206      |          length=2             |
// |                  SSRC of packet sender                        |
// |                  SSRC of media source                         |
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

class RtcpPli {
 public:
  static constexpr size_t kSize = 12;

  // kWrongType unless PT=206 FMT=1; kTooShort without both SSRCs.
  static Result<RtcpPli, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  uint32_t media_ssrc() const { return load_be32(body_, 4); }

  // Writes a 12-byte PLI into `out`.
  static Result<size_t, RtcpError> write(uint32_t sender_ssrc, uint32_t media_ssrc,
                                         std::span<uint8_t> out);

 private:
  explicit RtcpPli(std::span<const uint8_t> body) : body_(body) {}
  std::span<const uint8_t> body_;
};

}  // namespace meet::rtc
