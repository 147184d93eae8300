#pragma once
// Report block of SR and RR packets (RFC 3550 section 6.4.1), 24 bytes:
//
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                 SSRC_n (SSRC of source reported on)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | fraction lost |       cumulative number of packets lost       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           extended highest sequence number received           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      interarrival jitter                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         last SR (LSR)                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   delay since last SR (DLSR)                  |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
#include <cstddef>
#include <cstdint>
#include <span>

namespace meet::rtc {

// A decoded report block: small enough to copy, so it is a value rather than a view.
struct RtcpReportBlock {
  static constexpr size_t kSize = 24;
  static constexpr int32_t kMaxCumulativeLost = 0x7fffff;
  static constexpr int32_t kMinCumulativeLost = -0x800000;

  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;               // lost / expected since the last report, in 1/256
  int32_t cumulative_lost = 0;             // 24-bit signed on the wire (duplicates make it < 0)
  uint32_t extended_highest_sequence = 0;  // cycles << 16 | highest sequence number
  uint32_t jitter = 0;                     // in RTP timestamp units
  uint32_t last_sr = 0;                    // middle 32 bits of the last SR's NTP time, or 0
  uint32_t delay_since_last_sr = 0;        // in 1/65536 s, 0 when no SR was received

  // Reads 24 bytes; `bytes` must hold at least kSize (asserted; parsers check first).
  static RtcpReportBlock read(std::span<const uint8_t> bytes);
  // Writes 24 bytes into `out` (asserted to hold kSize); cumulative_lost is clamped to 24 bits.
  void write(std::span<uint8_t> out) const;

  // RFC 3550 A.3: fraction of `expected` packets lost in an interval, in 1/256; 0 when none
  // were lost (or duplicates made the count negative).
  static uint8_t fraction_lost_of(int64_t expected, int64_t lost);
  // The "compact" NTP form LSR uses: the middle 32 bits of a 64-bit NTP timestamp.
  static uint32_t compact_ntp(uint64_t ntp) { return static_cast<uint32_t>(ntp >> 16); }
};

}  // namespace meet::rtc
