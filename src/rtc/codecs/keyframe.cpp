#include "rtc/codecs/keyframe.hpp"

#include "rtc/codecs/h264_payload.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"
#include "rtc/codecs/vp9_descriptor.hpp"

namespace meet::rtc {

bool is_keyframe(Codec codec, std::span<const uint8_t> payload) {
  switch (codec) {
    case Codec::kOpus:
      return true;
    case Codec::kVp8:
      return vp8_is_keyframe(payload);
    case Codec::kVp9:
      return vp9_is_keyframe(payload);
    case Codec::kH264:
      return h264_is_keyframe(payload);
    case Codec::kUnknown:
      return false;
  }
  return false;
}

}  // namespace meet::rtc
