#include "rtc/codecs/vp9_descriptor.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "common/bytes.hpp"
#include "rtc/codecs/picture_id.hpp"

namespace meet::rtc {
namespace {

struct Layout {
  uint16_t size = 1;
  uint16_t ss_at = 0;
  uint8_t picture_id_bits = 0;
  uint8_t picture_id_at = 0;
  uint8_t layer_at = 0;
  uint8_t tl0_at = 0;
  uint8_t references_at = 0;
  uint8_t reference_count = 0;
};

// Walks the scalability structure at `at`; returns the offset after it.
Result<size_t, CodecError> skip_ss(std::span<const uint8_t> b, size_t at) {
  if (at >= b.size()) return make_error(CodecError::kTooShort);
  const uint8_t head = b[at++];
  const size_t layers = (head >> 5) + 1u;
  if (head & 0x10) {  // Y: WIDTH and HEIGHT per spatial layer
    if (4 * layers > b.size() - at) return make_error(CodecError::kTooShort);
    at += 4 * layers;
  }
  if (head & 0x08) {  // G: picture group description
    if (at >= b.size()) return make_error(CodecError::kTooShort);
    const size_t pictures = b[at++];
    for (size_t i = 0; i < pictures; ++i) {
      if (at >= b.size()) return make_error(CodecError::kTooShort);
      const size_t refs = (b[at++] >> 2) & 0x03;
      if (refs > b.size() - at) return make_error(CodecError::kTooShort);
      at += refs;
    }
  }
  return at;
}

Result<Layout, CodecError> layout_of(std::span<const uint8_t> b) {
  if (b.empty()) return make_error(CodecError::kTooShort);
  const uint8_t first = b[0];
  Layout l;
  size_t at = 1;
  if (first & 0x80) {  // I
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
  const bool flexible = (first & 0x10) != 0;
  if (first & 0x20) {  // L
    if (at >= b.size()) return make_error(CodecError::kTooShort);
    l.layer_at = static_cast<uint8_t>(at++);
    if (!flexible) {
      if (at >= b.size()) return make_error(CodecError::kTooShort);
      l.tl0_at = static_cast<uint8_t>(at++);
    }
  }
  if (flexible && (first & 0x40)) {  // F and P: reference list
    l.references_at = static_cast<uint8_t>(at);
    bool more = true;
    while (more) {
      if (l.reference_count == Vp9Descriptor::kMaxReferences) {
        return make_error(CodecError::kBadDescriptor);
      }
      if (at >= b.size()) return make_error(CodecError::kTooShort);
      more = (b[at++] & 0x01) != 0;  // N
      ++l.reference_count;
    }
  }
  if (first & 0x02) {  // V
    l.ss_at = static_cast<uint16_t>(at);
    auto end = skip_ss(b, at);
    if (!end.ok()) return make_error(end.error());
    at = *end;
  }
  l.size = static_cast<uint16_t>(at);
  return l;
}

bool keyframe_of(std::span<const uint8_t> b, const Layout& l) {
  const bool p = (b[0] & 0x40) != 0;
  const bool start = (b[0] & 0x08) != 0;
  const uint8_t sid = l.layer_at ? (b[l.layer_at] >> 1) & 0x07 : 0;
  return !p && start && sid == 0 && l.size < b.size();
}

}  // namespace

Result<Vp9Descriptor, CodecError> Vp9Descriptor::parse(std::span<uint8_t> payload) {
  auto l = layout_of(payload);
  if (!l.ok()) return make_error(l.error());
  Vp9Descriptor d(payload);
  d.size_ = l->size;
  d.ss_at_ = l->ss_at;
  d.picture_id_bits_ = l->picture_id_bits;
  d.picture_id_at_ = l->picture_id_at;
  d.layer_at_ = l->layer_at;
  d.tl0_at_ = l->tl0_at;
  d.references_at_ = l->references_at;
  d.reference_count_ = l->reference_count;
  return d;
}

uint16_t Vp9Descriptor::picture_id() const {
  return picture_id::load(b_, picture_id_at_, picture_id_bits_);
}

bool Vp9Descriptor::set_picture_id(uint16_t id) {
  return picture_id::store(b_, picture_id_at_, picture_id_bits_, id);
}

bool Vp9Descriptor::set_tl0picidx(uint8_t v) {
  if (!has_tl0picidx()) return false;
  b_[tl0_at_] = v;
  return true;
}

uint8_t Vp9Descriptor::reference_diff(size_t i) const {
  MEET_ASSERT(i < reference_count_, "P_DIFF index out of range");
  return b_[references_at_ + i] >> 1;
}

size_t Vp9Descriptor::spatial_layer_count() const {
  return has_scalability_structure() ? (b_[ss_at_] >> 5) + 1u : 0;
}

bool Vp9Descriptor::has_resolutions() const {
  return has_scalability_structure() && (b_[ss_at_] & 0x10) != 0;
}

uint16_t Vp9Descriptor::width(size_t layer) const {
  MEET_ASSERT(has_resolutions() && layer < spatial_layer_count(), "no such SS layer");
  return load_be16(b_, ss_at_ + 1 + 4 * layer);
}

uint16_t Vp9Descriptor::height(size_t layer) const {
  MEET_ASSERT(has_resolutions() && layer < spatial_layer_count(), "no such SS layer");
  return load_be16(b_, ss_at_ + 3 + 4 * layer);
}

bool Vp9Descriptor::is_keyframe() const {
  Layout l;
  l.size = size_;
  l.layer_at = layer_at_;
  return keyframe_of(b_, l);
}

bool vp9_is_keyframe(std::span<const uint8_t> payload) {
  auto l = layout_of(payload);
  return l.ok() && keyframe_of(payload, *l);
}

bool vp9_layer_info(std::span<const uint8_t> b, Vp9LayerInfo& out) {
  auto l = layout_of(b);
  if (!l.ok()) return false;
  Vp9LayerInfo info;
  const uint8_t first = b[0];
  info.keyframe = keyframe_of(b, *l);
  info.inter_picture = (first & 0x40) != 0;
  info.start_of_layer = (first & 0x08) != 0;
  info.end_of_layer = (first & 0x04) != 0;
  if (l->layer_at) {
    const uint8_t v = b[l->layer_at];
    info.temporal_id = v >> 5;
    info.switching_up = (v & 0x10) != 0;
    info.spatial_id = (v >> 1) & 0x07;
    info.inter_layer = (v & 0x01) != 0;
  }
  info.has_picture_id = l->picture_id_bits != 0;
  info.picture_id = picture_id::load(b, l->picture_id_at, l->picture_id_bits);
  if (l->ss_at && (b[l->ss_at] & 0x10)) {  // SS with Y: sizes, walked by layout_of
    const size_t layers = (b[l->ss_at] >> 5) + 1u;
    info.sizes = static_cast<uint8_t>(std::min(layers, Vp9LayerInfo::kMaxSizes));
    for (size_t i = 0; i < info.sizes; ++i) {
      info.width[i] = load_be16(b, l->ss_at + 1 + 4 * i);
      info.height[i] = load_be16(b, l->ss_at + 3 + 4 * i);
    }
  }
  out = info;
  return true;
}

}  // namespace meet::rtc
