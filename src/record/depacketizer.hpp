#pragma once
// RTP depacketizers: each turns one RTP payload into the codec bitstream bytes it carries,
// appended to the caller's frame buffer, as Matroska wants them:
//   Opus (RFC 7587): the payload is one Opus packet.
//   VP8  (RFC 7741): the payload descriptor is stripped; the frame is the concatenation.
//   VP9  (RFC 9628): likewise; only spatial layer 0 is kept (a multi-layer picture would need
//        a superframe index), which is what a non-SVC sender produces anyway.
//   H264 (RFC 6184): single NAL unit (1-23), STAP-A (24) and FU-A (28) packets become Annex B
//        (00 00 00 01 before every NAL unit); STAP-B, MTAP and FU-B (interleaved mode) are
//        rejected as unsupported.
// Parsers: they never throw, read every length before using it, and allocate only by
// growing the caller's buffer.
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "rtc/codecs/codec.hpp"

namespace meet::record {

enum class DepacketizeError : uint8_t { kEmpty, kTooShort, kBadDescriptor, kUnsupported };

struct PayloadInfo {
  bool frame_start = false;  // the packet begins a frame (VP8 S+PID 0, VP9 B, H264 FU start)
  bool keyframe = false;     // the frame it belongs to starts a decodable picture
  bool skip = false;         // nothing to record in it (VP9 upper spatial layer)
  uint16_t width = 0;        // from a keyframe's header when the codec tells (VP8, VP9 SS)
  uint16_t height = 0;
};

// Appends the bitstream of `payload` (the RTP payload after header, extensions and padding)
// to `frame`. On an error `frame` may hold part of the packet: the caller drops the frame.
Result<PayloadInfo, DepacketizeError> depacketize(rtc::Codec codec,
                                                  std::span<const uint8_t> payload,
                                                  std::vector<uint8_t>& frame);

Result<PayloadInfo, DepacketizeError> depacketize_opus(std::span<const uint8_t> payload,
                                                       std::vector<uint8_t>& frame);
Result<PayloadInfo, DepacketizeError> depacketize_vp8(std::span<const uint8_t> payload,
                                                      std::vector<uint8_t>& frame);
Result<PayloadInfo, DepacketizeError> depacketize_vp9(std::span<const uint8_t> payload,
                                                      std::vector<uint8_t>& frame);
Result<PayloadInfo, DepacketizeError> depacketize_h264(std::span<const uint8_t> payload,
                                                       std::vector<uint8_t>& frame);

}  // namespace meet::record
