#include "rtc/codecs/frame_info.hpp"

#include <algorithm>
#include <array>

#include "rtc/codecs/keyframe.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"
#include "rtc/codecs/vp9_descriptor.hpp"

namespace meet::rtc {

FrameInfo frame_info(Codec codec, std::span<const uint8_t> payload) {
  FrameInfo info;
  if (codec == Codec::kVp9) {
    Vp9LayerInfo v;
    if (!vp9_layer_info(payload, v)) return info;
    info.keyframe = v.keyframe;
    info.temporal_id = v.temporal_id;
    info.layer_sync = v.switching_up;
    info.has_picture_id = v.has_picture_id;
    info.picture_id = v.picture_id;
    info.spatial_id = v.spatial_id;
    info.end_of_layer = v.end_of_layer;
    info.inter_layer = v.inter_layer;
    info.sizes = v.sizes;
    for (size_t i = 0; i < v.sizes; ++i) info.heights[i] = v.height[i];
    return info;
  }
  if (codec != Codec::kVp8) {
    info.keyframe = is_keyframe(codec, payload);
    return info;
  }
  // The descriptor view wants mutable bytes; it only reads here. Its at most 6 bytes and the
  // frame header byte after them fit a small copy.
  std::array<uint8_t, 8> head{};
  const size_t n = std::min(payload.size(), head.size());
  std::copy_n(payload.begin(), n, head.begin());
  auto d = Vp8Descriptor::parse(std::span<uint8_t>(head.data(), n));
  if (!d) return info;
  info.keyframe = d->is_keyframe();
  info.temporal_id = d->temporal_id();
  info.layer_sync = d->layer_sync();
  info.has_picture_id = d->has_picture_id();
  info.picture_id = d->picture_id();
  return info;
}

}  // namespace meet::rtc
