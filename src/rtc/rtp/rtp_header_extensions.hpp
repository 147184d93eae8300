#pragma once
// Readers and writers for the RTP header extensions the SFU uses. Each takes the packet and the
// id negotiated in SDP (a=extmap) and returns nullopt when the element is absent or malformed.
// Returned string_views point into the packet's buffer.
#include <cstdint>
#include <optional>
#include <string_view>

#include "rtc/rtp/rtp_packet.hpp"

namespace meet::rtc {

// urn:ietf:params:rtp-hdrext:sdes:mid (RFC 8843 section 15). A non-empty token of visible ASCII.
std::optional<std::string_view> read_mid(const RtpPacket& packet, uint8_t id);
// urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id and repaired-rtp-stream-id (RFC 8852 section 3).
// The value is a RID (RFC 8851 section 10): 1*(ALPHA / DIGIT / "-" / "_").
std::optional<std::string_view> read_rid(const RtpPacket& packet, uint8_t id);
std::optional<std::string_view> read_repaired_rid(const RtpPacket& packet, uint8_t id);

// http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time: 24 bits, 6.18 fixed-point
// seconds (wraps every 64 s). Returned raw.
std::optional<uint32_t> read_abs_send_time(const RtpPacket& packet, uint8_t id);
// The raw value in microseconds (0 .. 64 s).
inline uint64_t abs_send_time_to_us(uint32_t raw) {
  return (uint64_t{raw} * 1000000) >> 18;
}

// http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01: 16-bit sequence.
std::optional<uint16_t> read_transport_sequence_number(const RtpPacket& packet, uint8_t id);
// Overwrites the sequence number in place; false when the element is absent or not 2 bytes.
bool write_transport_sequence_number(RtpPacket& packet, uint8_t id, uint16_t seq);

// urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464 section 3): | V(1) | level(7) |.
struct AudioLevel {
  bool voice = false;  // the V flag: the sender's VAD thinks this packet holds speech
  uint8_t level = 0;   // -dBov, 0 (loudest) .. 127 (silence)
};
std::optional<AudioLevel> read_audio_level(const RtpPacket& packet, uint8_t id);

}  // namespace meet::rtc
