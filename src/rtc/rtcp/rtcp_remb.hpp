#pragma once
// Receiver estimated max bitrate (draft-alvestrand-rmcat-remb-03 section 2.2), an
// application-layer feedback message (RFC 4585 6.4, PSFB FMT=15):
//
// |V=2|P| FMT=15  |   PT=206      |             length            |
// |                  SSRC of packet sender                        |
// |                  SSRC of media source (0)                     |
// |  Unique identifier 'R' 'E' 'M' 'B'                            |
// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
// |   SSRC feedback (Num SSRC of them)                            |
//
// Bitrate in bps = mantissa (18 bits) << exp (6 bits).
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

// A view over one REMB; valid as long as the bytes behind `header`.
class RtcpRemb {
 public:
  // kWrongType unless PT=206 FMT=15 with the 'REMB' identifier (other AFB messages exist);
  // kTooShort when the fixed part or the Num SSRC list does not fit.
  static Result<RtcpRemb, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  // Saturates at UINT64_MAX (a 63-bit exponent can overflow 64 bits).
  uint64_t bitrate_bps() const;
  size_t ssrc_count() const { return body_[12]; }
  uint32_t ssrc(size_t i) const;  // i < ssrc_count(), asserted

  // Writes a REMB for `ssrcs` (at most 255). The bitrate is rounded down to 18 significant
  // bits.
  static Result<size_t, RtcpError> write(uint32_t sender_ssrc, uint64_t bitrate_bps,
                                         std::span<const uint32_t> ssrcs, std::span<uint8_t> out);

 private:
  explicit RtcpRemb(std::span<const uint8_t> body) : body_(body) {}
  std::span<const uint8_t> body_;
};

}  // namespace meet::rtc
