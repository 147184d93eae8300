#pragma once
// H.264 RTP payload (RFC 6184 section 5): what the SFU needs without depacketizing.
//
// Every payload starts with a NAL unit header:  |F|NRI(2)| Type(5) |
//   1..23  single NAL unit packet (5.6)
//   24     STAP-A (5.7.1): | hdr | size(16) | NAL | size(16) | NAL | ...
//   25     STAP-B:         | hdr | DON(16) | size(16) | NAL | ...
//   28     FU-A (5.8):     | FU indicator | S|E|R| Type(5) | fragment ...
//   29     FU-B:           | FU indicator | FU header | DON(16) | fragment ...
#include <cstdint>
#include <span>

namespace meet::rtc {

inline constexpr uint8_t kH264NalIdr = 5;
inline constexpr uint8_t kH264NalSps = 7;
inline constexpr uint8_t kH264NalPps = 8;
inline constexpr uint8_t kH264StapA = 24;
inline constexpr uint8_t kH264StapB = 25;
inline constexpr uint8_t kH264FuA = 28;
inline constexpr uint8_t kH264FuB = 29;

// True when the payload carries an IDR slice or an SPS (single, aggregated, or the start of a
// fragmented one). A STAP whose sizes run past the payload is malformed: false.
bool h264_is_keyframe(std::span<const uint8_t> payload);

}  // namespace meet::rtc
