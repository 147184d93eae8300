#pragma once
// What the SFU reads of one video packet to forward it: whether it starts a keyframe and, for
// VP8 with temporal scalability (RFC 7741 section 4.2), its temporal layer (TID), the
// layer-sync bit (Y: the frame depends on base-layer frames only, so a receiver may start
// taking this layer here) and its picture id. For VP9 (RFC 9628 section 4.2) the same from
// its descriptor (U as the layer-sync bit) and its spatial layer (SID), whether the packet
// ends its layer frame (E) and the spatial layer sizes of a scalability structure. One parse
// of the payload descriptor per packet.
#include <cstdint>
#include <span>

#include "rtc/codecs/codec.hpp"

namespace meet::rtc {

struct FrameInfo {
  bool keyframe = false;    // is_keyframe(codec, payload)
  uint8_t temporal_id = 0;  // 0 without a TID (every packet is then the base layer)
  bool layer_sync = false;  // Y
  bool has_picture_id = false;
  uint16_t picture_id = 0;
  uint8_t spatial_id = 0;     // VP9 SID; 0 otherwise
  bool end_of_layer = false;  // VP9 E: the last packet of this spatial layer's frame
  bool inter_layer = false;   // VP9 D
  uint8_t sizes = 0;          // VP9 keyframe: spatial layer sizes from its SS
  uint16_t heights[3] = {};
};

// Reads `payload` (an RTP payload). Codecs other than VP8 and VP9 report only `keyframe`; a
// malformed descriptor reads as a non-keyframe of layer 0. Never throws.
FrameInfo frame_info(Codec codec, std::span<const uint8_t> payload);

}  // namespace meet::rtc
