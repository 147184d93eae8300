#pragma once
// Goodbye (RFC 3550 section 6.6):
//
// |V=2|P|    SC   |   PT=BYE=203  |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           SSRC/CSRC  (SC of them)             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     length    |               reason for leaving ...   (opt)  |
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

// A view over one BYE packet; valid as long as the bytes behind `header`.
class RtcpBye {
 public:
  // kWrongType unless PT=203; kTooShort when SC SSRCs do not fit; kBadItem when the reason's
  // length runs past the body.
  static Result<RtcpBye, RtcpError> parse(const RtcpHeader& header);

  size_t ssrc_count() const { return ssrc_count_; }
  uint32_t ssrc(size_t i) const;                       // i < ssrc_count(), asserted
  std::string_view reason() const { return reason_; }  // empty when absent

  // Writes a BYE for `ssrcs` (at most 31) with an optional reason (at most 255 bytes).
  static Result<size_t, RtcpError> write(std::span<const uint32_t> ssrcs, std::string_view reason,
                                         std::span<uint8_t> out);

 private:
  RtcpBye(std::span<const uint8_t> body, uint8_t count) : body_(body), ssrc_count_(count) {}
  std::span<const uint8_t> body_;
  std::string_view reason_;
  uint8_t ssrc_count_ = 0;
};

}  // namespace meet::rtc
