#pragma once
// Full intra request (RFC 5104 section 4.3.1):
//
// |V=2|P| FMT=4   |   PT=206      |          length               |
// |                  SSRC of packet sender                        |
// |             SSRC of media source (unused, 0)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              SSRC                             |  one FCI entry per
// | Seq nr.       |    Reserved (0)                               |  requested stream
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

struct RtcpFirEntry {
  uint32_t ssrc = 0;
  uint8_t sequence_number = 0;  // bumped by the sender for every new request (RFC 5104 4.3.1.2)
};

// A view over one FIR; valid as long as the bytes behind `header`.
class RtcpFir {
 public:
  static constexpr size_t kEntrySize = 8;

  // kWrongType unless PT=206 FMT=4; kTooShort without both SSRCs; kBadCount when the FCI is
  // empty or not a whole number of 8-byte entries.
  static Result<RtcpFir, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  uint32_t media_ssrc() const { return load_be32(body_, 4); }
  size_t entry_count() const { return (body_.size() - 8) / kEntrySize; }
  RtcpFirEntry entry(size_t i) const;  // i < entry_count(), asserted

  // Writes a FIR with one FCI entry per element of `entries` (at least one).
  static Result<size_t, RtcpError> write(uint32_t sender_ssrc,
                                         std::span<const RtcpFirEntry> entries,
                                         std::span<uint8_t> out);

 private:
  explicit RtcpFir(std::span<const uint8_t> body) : body_(body) {}
  std::span<const uint8_t> body_;
};

}  // namespace meet::rtc
