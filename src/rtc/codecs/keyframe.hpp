#pragma once
// Keyframe detection from the payload of one RTP packet, without depacketizing.
#include <cstdint>
#include <span>

#include "rtc/codecs/codec.hpp"

namespace meet::rtc {

// True when `payload` (the RTP payload, after header, extensions and padding) starts a frame a
// decoder can begin with:
//   VP8  (RFC 7741): first packet of partition 0 and P bit of the frame header clear.
//   VP9  (RFC 9628): B set, P clear, spatial layer 0.
//   H264 (RFC 6184): an IDR slice or SPS, alone, inside STAP-A/B, or starting an FU-A/B.
//   Opus: always (every packet decodes on its own).
//   kUnknown, empty or malformed payloads: false.
bool is_keyframe(Codec codec, std::span<const uint8_t> payload);

}  // namespace meet::rtc
