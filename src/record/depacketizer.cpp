#include "record/depacketizer.hpp"

#include "common/bytes.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"
#include "rtc/codecs/vp9_descriptor.hpp"

namespace meet::record {
namespace {

constexpr uint8_t kStartCode[] = {0, 0, 0, 1};

void append(std::vector<uint8_t>& to, std::span<const uint8_t> bytes) {
  to.insert(to.end(), bytes.begin(), bytes.end());
}

// The descriptor classes are views that can also rewrite fields; parse() only reads, so a
// read-only payload is safe to hand them.
std::span<uint8_t> as_view(std::span<const uint8_t> b) {
  return {const_cast<uint8_t*>(b.data()), b.size()};
}

DepacketizeError from_codec_error(rtc::CodecError e) {
  return e == rtc::CodecError::kTooShort ? DepacketizeError::kTooShort
                                         : DepacketizeError::kBadDescriptor;
}

}  // namespace

Result<PayloadInfo, DepacketizeError> depacketize_opus(std::span<const uint8_t> payload,
                                                       std::vector<uint8_t>& frame) {
  if (payload.empty()) return make_error(DepacketizeError::kEmpty);
  append(frame, payload);
  return PayloadInfo{.frame_start = true, .keyframe = true};
}

Result<PayloadInfo, DepacketizeError> depacketize_vp8(std::span<const uint8_t> payload,
                                                      std::vector<uint8_t>& frame) {
  if (payload.empty()) return make_error(DepacketizeError::kEmpty);
  auto d = rtc::Vp8Descriptor::parse(as_view(payload));
  if (!d) return make_error(from_codec_error(d.error()));
  auto data = d->vp8_payload();
  if (data.empty()) return make_error(DepacketizeError::kTooShort);
  PayloadInfo info;
  info.frame_start = d->start_of_partition() && d->partition_id() == 0;
  info.keyframe = d->is_keyframe();
  // RFC 6386 9.1: a keyframe's 3-byte frame tag is followed by the start code 9d 01 2a and
  // two 16-bit little-endian fields whose low 14 bits are the width and the height.
  if (info.keyframe && data.size() >= 10 && data[3] == 0x9d && data[4] == 0x01 && data[5] == 0x2a) {
    info.width = static_cast<uint16_t>((data[6] | (data[7] << 8)) & 0x3fff);
    info.height = static_cast<uint16_t>((data[8] | (data[9] << 8)) & 0x3fff);
  }
  append(frame, data);
  return info;
}

Result<PayloadInfo, DepacketizeError> depacketize_vp9(std::span<const uint8_t> payload,
                                                      std::vector<uint8_t>& frame) {
  if (payload.empty()) return make_error(DepacketizeError::kEmpty);
  auto d = rtc::Vp9Descriptor::parse(as_view(payload));
  if (!d) return make_error(from_codec_error(d.error()));
  auto data = payload.subspan(d->size());
  PayloadInfo info;
  if (d->spatial_id() != 0) {
    info.skip = true;
    return info;
  }
  if (data.empty()) return make_error(DepacketizeError::kTooShort);
  info.frame_start = d->start_of_frame();
  info.keyframe = d->is_keyframe();
  if (d->spatial_layer_count() > 0 && d->has_resolutions()) {
    info.width = d->width(0);
    info.height = d->height(0);
  }
  append(frame, data);
  return info;
}

// RFC 6184 5.6, 5.7.1, 5.8.
Result<PayloadInfo, DepacketizeError> depacketize_h264(std::span<const uint8_t> payload,
                                                       std::vector<uint8_t>& frame) {
  if (payload.empty()) return make_error(DepacketizeError::kEmpty);
  PayloadInfo info;
  const uint8_t type = payload[0] & 0x1f;
  auto note = [&info](uint8_t nal_type) {
    if (nal_type == 5 || nal_type == 7) info.keyframe = true;  // IDR slice or SPS
  };
  if (type >= 1 && type <= 23) {
    info.frame_start = true;
    note(type);
    append(frame, kStartCode);
    append(frame, payload);
    return info;
  }
  if (type == 24) {
    //  | STAP-A hdr | NALU 1 size (16) | NALU 1 | NALU 2 size (16) | NALU 2 | ...
    size_t at = 1;
    if (payload.size() < 3) return make_error(DepacketizeError::kTooShort);
    while (at < payload.size()) {
      if (payload.size() - at < 2) return make_error(DepacketizeError::kTooShort);
      size_t size = load_be16(payload, at);
      at += 2;
      if (size == 0 || size > payload.size() - at) return make_error(DepacketizeError::kTooShort);
      note(payload[at] & 0x1f);
      append(frame, kStartCode);
      append(frame, payload.subspan(at, size));
      at += size;
    }
    info.frame_start = true;
    return info;
  }
  if (type == 28) {
    //  | FU indicator: F NRI 28 | FU header: S E R Type | fragment ...
    if (payload.size() < 3) return make_error(DepacketizeError::kTooShort);
    const uint8_t fu = payload[1];
    const bool start = (fu & 0x80) != 0;
    const uint8_t nal_type = fu & 0x1f;
    if (start) {
      info.frame_start = true;
      note(nal_type);
      append(frame, kStartCode);
      frame.push_back(static_cast<uint8_t>((payload[0] & 0xe0) | nal_type));
    } else if (frame.empty()) {
      // A middle or end fragment with no start before it in this frame.
      return make_error(DepacketizeError::kBadDescriptor);
    }
    append(frame, payload.subspan(2));
    return info;
  }
  return make_error(DepacketizeError::kUnsupported);
}

Result<PayloadInfo, DepacketizeError> depacketize(rtc::Codec codec,
                                                  std::span<const uint8_t> payload,
                                                  std::vector<uint8_t>& frame) {
  switch (codec) {
    case rtc::Codec::kOpus:
      return depacketize_opus(payload, frame);
    case rtc::Codec::kVp8:
      return depacketize_vp8(payload, frame);
    case rtc::Codec::kVp9:
      return depacketize_vp9(payload, frame);
    case rtc::Codec::kH264:
      return depacketize_h264(payload, frame);
    case rtc::Codec::kUnknown:
      break;
  }
  return make_error(DepacketizeError::kUnsupported);
}

}  // namespace meet::record
