#include "rtc/codecs/vp8_descriptor.hpp"

#include "common/bytes.hpp"
#include "rtc/codecs/picture_id.hpp"

namespace meet::rtc {
namespace {

struct Layout {
  uint8_t size = 1;
  uint8_t picture_id_bits = 0;
  uint8_t picture_id_at = 0;
  uint8_t tl0_at = 0;
  uint8_t tk_at = 0;
};

// Field offsets of the descriptor at the start of `b`; kTooShort when it runs past the end.
Result<Layout, CodecError> layout_of(std::span<const uint8_t> b) {
  if (b.empty()) return make_error(CodecError::kTooShort);
  Layout l;
  if ((b[0] & 0x80) == 0) return l;  // X clear: one byte
  if (b.size() < 2) return make_error(CodecError::kTooShort);
  const uint8_t x = b[1];
  size_t at = 2;
  if (x & 0x80) {  // I
    if (at >= b.size()) return make_error(CodecError::kTooShort);
    l.picture_id_at = static_cast<uint8_t>(at);
    if (b[at] & 0x80) {  // M
      if (at + 2 > b.size()) return make_error(CodecError::kTooShort);
      l.picture_id_bits = 15;
      at += 2;
    } else {
      l.picture_id_bits = 7;
      at += 1;
    }
  }
  if (x & 0x40) {  // L
    if (at >= b.size()) return make_error(CodecError::kTooShort);
    l.tl0_at = static_cast<uint8_t>(at++);
  }
  if (x & 0x30) {  // T or K
    if (at >= b.size()) return make_error(CodecError::kTooShort);
    l.tk_at = static_cast<uint8_t>(at++);
  }
  l.size = static_cast<uint8_t>(at);
  return l;
}

bool keyframe_at(std::span<const uint8_t> b, size_t descriptor_size) {
  const bool s = (b[0] & 0x10) != 0;
  const uint8_t pid = b[0] & 0x0f;
  if (!s || pid != 0 || descriptor_size >= b.size()) return false;
  return (b[descriptor_size] & 0x01) == 0;
}

}  // namespace

Result<Vp8Descriptor, CodecError> Vp8Descriptor::parse(std::span<uint8_t> payload) {
  auto l = layout_of(payload);
  if (!l.ok()) return make_error(l.error());
  Vp8Descriptor d(payload);
  d.size_ = l->size;
  d.picture_id_bits_ = l->picture_id_bits;
  d.picture_id_at_ = l->picture_id_at;
  d.tl0_at_ = l->tl0_at;
  d.tk_at_ = l->tk_at;
  return d;
}

uint16_t Vp8Descriptor::picture_id() const {
  return picture_id::load(b_, picture_id_at_, picture_id_bits_);
}

bool Vp8Descriptor::set_picture_id(uint16_t id) {
  return picture_id::store(b_, picture_id_at_, picture_id_bits_, id);
}

bool Vp8Descriptor::set_tl0picidx(uint8_t v) {
  if (!has_tl0picidx()) return false;
  b_[tl0_at_] = v;
  return true;
}

bool Vp8Descriptor::is_keyframe() const {
  return keyframe_at(b_, size_);
}

bool vp8_is_keyframe(std::span<const uint8_t> payload) {
  auto l = layout_of(payload);
  return l.ok() && keyframe_at(payload, l->size);
}

std::optional<Vp8FrameSize> vp8_keyframe_size(std::span<const uint8_t> payload) {
  auto l = layout_of(payload);
  if (!l.ok() || !keyframe_at(payload, l->size)) return std::nullopt;
  const auto frame = payload.subspan(l->size);
  constexpr size_t kHeader = 10;  // frame tag (3), start code (3), width (2), height (2)
  if (frame.size() < kHeader) return std::nullopt;
  if (frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a) return std::nullopt;
  Vp8FrameSize size;
  size.width = static_cast<uint16_t>((frame[6] | frame[7] << 8) & 0x3fff);
  size.height = static_cast<uint16_t>((frame[8] | frame[9] << 8) & 0x3fff);
  return size;
}

}  // namespace meet::rtc
