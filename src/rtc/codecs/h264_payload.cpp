#include "rtc/codecs/h264_payload.hpp"

#include "common/bytes.hpp"

namespace meet::rtc {
namespace {

bool is_key_nal_type(uint8_t type) {
  return type == kH264NalIdr || type == kH264NalSps;
}

// Walks the aggregation units from `at`; false on malformed sizes.
bool stap_has_keyframe(std::span<const uint8_t> payload, size_t at) {
  bool key = false;
  if (at >= payload.size()) return false;
  while (at < payload.size()) {
    if (at + 2 > payload.size()) return false;
    const size_t size = load_be16(payload, at);
    at += 2;
    if (size == 0 || size > payload.size() - at) return false;
    key = key || is_key_nal_type(payload[at] & 0x1f);
    at += size;
  }
  return key;
}

}  // namespace

bool h264_is_keyframe(std::span<const uint8_t> payload) {
  if (payload.empty()) return false;
  const uint8_t type = payload[0] & 0x1f;
  if (type >= 1 && type <= 23) return is_key_nal_type(type);
  switch (type) {
    case kH264StapA:
      return stap_has_keyframe(payload, 1);
    case kH264StapB:
      return stap_has_keyframe(payload, 3);  // after the DON
    case kH264FuA:
    case kH264FuB: {
      if (payload.size() < 2) return false;
      const uint8_t fu_header = payload[1];
      const bool start = (fu_header & 0x80) != 0;
      return start && is_key_nal_type(fu_header & 0x1f);
    }
    default:
      return false;  // MTAP, reserved
  }
}

}  // namespace meet::rtc
