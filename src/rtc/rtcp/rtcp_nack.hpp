#pragma once
// Generic NACK (RFC 4585 sections 6.1 and 6.2.1):
//
// |V=2|P| FMT=1   |   PT=205      |          length               |
// |                  SSRC of packet sender                        |
// |                  SSRC of media source                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            PID                |             BLP               |  one FCI entry, repeated
//
// PID is a lost sequence number; bit i of BLP (LSB = bit 0) reports PID + i + 1 lost too.
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

// A view over one generic NACK; valid as long as the bytes behind `header`.
class RtcpNack {
 public:
  // kWrongType unless PT=205 FMT=1; kTooShort without both SSRCs; kBadCount without an entry.
  static Result<RtcpNack, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  uint32_t media_ssrc() const { return load_be32(body_, 4); }
  size_t item_count() const { return (body_.size() - 8) / 4; }
  uint16_t pid(size_t i) const { return load_be16(body_, 8 + 4 * i); }
  uint16_t blp(size_t i) const { return load_be16(body_, 10 + 4 * i); }

  // Calls f(uint16_t seq) for each lost sequence number, entry by entry, PID first.
  template <typename F>
  void for_each_lost(F&& f) const {
    for (size_t i = 0; i < item_count(); ++i) {
      const uint16_t p = pid(i);
      const uint16_t mask = blp(i);
      f(p);
      for (int bit = 0; bit < 16; ++bit) {
        if (mask & (1u << bit)) f(static_cast<uint16_t>(p + bit + 1));
      }
    }
  }
  // Fills `out` with lost sequence numbers in the order for_each_lost gives them; returns how
  // many were written (stops when `out` is full). At most 17 per entry.
  size_t lost_sequence_numbers(std::span<uint16_t> out) const;

  // Writes a NACK for `lost`, packing runs into PID+BLP entries. `lost` should be ascending in
  // RTP sequence order (wrapping allowed); any number closer than 17 after the current PID
  // joins its entry, anything else starts a new one, so unsorted input still reports every
  // number, just less compactly.
  static Result<size_t, RtcpError> write(uint32_t sender_ssrc, uint32_t media_ssrc,
                                         std::span<const uint16_t> lost, std::span<uint8_t> out);

 private:
  explicit RtcpNack(std::span<const uint8_t> body) : body_(body) {}
  std::span<const uint8_t> body_;
};

}  // namespace meet::rtc
