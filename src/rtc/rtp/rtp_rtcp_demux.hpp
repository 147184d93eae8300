#pragma once
// RTP/RTCP multiplexing on one port (RFC 5761 section 4).
#include <cstdint>
#include <span>

namespace meet::rtc {

// True when a datagram already classified as RTP or RTCP (RFC 7983: first byte 128..191) is
// RTCP: its second byte, the RTCP packet type, is in 192..223 (which would read as marker bit
// set and RTP payload type 64..95). Shorter than 2 bytes: false. Does not validate further.
inline bool is_rtcp(std::span<const uint8_t> datagram) {
  return datagram.size() >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

}  // namespace meet::rtc
