#include "rtc/codecs/frame_info.hpp"

#include <algorithm>
#include <array>

#include "rtc/codecs/keyframe.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"

namespace meet::rtc {

FrameInfo frame_info(Codec codec, std::span<const uint8_t> payload) {
  FrameInfo info;
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
