#pragma once
// VP9 payload descriptor (RFC 9628, formerly draft-ietf-payload-vp9, section 4.2), viewed in
// place at the start of an RTP payload:
//
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |I|P|L|F|B|E|V|Z| (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PICTURE ID  | (REQUIRED if I)   M=1: 15-bit picture id over two bytes
//  M:   | EXTENDED PID  |
//       +-+-+-+-+-+-+-+-+
//  L:   |  TID  |U| SID |D|                  layer indices
//       |   TL0PICIDX   | (only if F=0, non-flexible mode)
//       +-+-+-+-+-+-+-+-+
//  F:   |    P_DIFF   |N| (only if F=1 and P=1; up to 3 while N=1)
//       +-+-+-+-+-+-+-+-+
//  V:   | SS            | scalability structure:
//       | N_S |Y|G|-|-|-|
//       | WIDTH (16) HEIGHT (16)  x (N_S+1)      if Y
//       | N_G |                                  if G
//       | TID |U| R |-|-| + R x P_DIFF  x N_G    if G
//
// I: picture id present. P: inter-picture predicted. L: layer indices present. F: flexible
// mode. B: start of a frame. E: end of a frame. V: SS present. Z: not a reference for upper
// spatial layers.
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "rtc/codecs/codec.hpp"

namespace meet::rtc {

// A VP9 payload descriptor viewed in place; the setters rewrite the caller's buffer. parse()
// walks the whole descriptor, scalability structure included, so every getter is in bounds.
class Vp9Descriptor {
 public:
  static constexpr size_t kMaxReferences = 3;

  // kTooShort when the payload ends inside the descriptor; kBadDescriptor on a fourth P_DIFF.
  static Result<Vp9Descriptor, CodecError> parse(std::span<uint8_t> payload);

  bool inter_picture_predicted() const { return (b_[0] & 0x40) != 0; }    // P
  bool has_layer_indices() const { return (b_[0] & 0x20) != 0; }          // L
  bool flexible_mode() const { return (b_[0] & 0x10) != 0; }              // F
  bool start_of_frame() const { return (b_[0] & 0x08) != 0; }             // B
  bool end_of_frame() const { return (b_[0] & 0x04) != 0; }               // E
  bool has_scalability_structure() const { return (b_[0] & 0x02) != 0; }  // V
  bool not_upper_reference() const { return (b_[0] & 0x01) != 0; }        // Z

  bool has_picture_id() const { return picture_id_bits_ != 0; }
  uint8_t picture_id_bits() const { return picture_id_bits_; }
  uint16_t picture_id() const;  // 0 when absent
  // Writes `id` masked to the field's width (7 or 15 bits); false when there is no field.
  bool set_picture_id(uint16_t id);

  // Layer indices; 0 / false when L is clear.
  uint8_t temporal_id() const { return layer_at_ ? b_[layer_at_] >> 5 : 0; }
  bool switching_up_point() const { return layer_at_ && (b_[layer_at_] & 0x10) != 0; }  // U
  uint8_t spatial_id() const { return layer_at_ ? (b_[layer_at_] >> 1) & 0x07 : 0; }
  bool inter_layer_predicted() const { return layer_at_ && (b_[layer_at_] & 0x01) != 0; }  // D

  bool has_tl0picidx() const { return tl0_at_ != 0; }
  uint8_t tl0picidx() const { return has_tl0picidx() ? b_[tl0_at_] : 0; }
  bool set_tl0picidx(uint8_t v);  // false when there is no field

  // Flexible mode reference differences (P_DIFF), 0..3 of them.
  size_t reference_count() const { return reference_count_; }
  uint8_t reference_diff(size_t i) const;  // i < reference_count(), asserted

  // Scalability structure; spatial_layer_count() is 0 without one.
  size_t spatial_layer_count() const;
  bool has_resolutions() const;
  uint16_t width(size_t layer) const;   // layer < spatial_layer_count() and has_resolutions()
  uint16_t height(size_t layer) const;  // (asserted)

  size_t size() const { return size_; }
  // B set, P clear and spatial layer 0, with frame data after the descriptor.
  bool is_keyframe() const;

 private:
  explicit Vp9Descriptor(std::span<uint8_t> b) : b_(b) {}
  std::span<uint8_t> b_;
  uint16_t size_ = 1;
  uint16_t ss_at_ = 0;
  uint8_t picture_id_bits_ = 0;
  uint8_t picture_id_at_ = 0;
  uint8_t layer_at_ = 0;
  uint8_t tl0_at_ = 0;
  uint8_t references_at_ = 0;
  uint8_t reference_count_ = 0;
};

// is_keyframe() over a read-only payload.
bool vp9_is_keyframe(std::span<const uint8_t> payload);

// What an SFU reads of one VP9 packet to forward spatial and temporal layers (RFC 9628
// sections 4.2 and 4.3), from a read-only payload.
struct Vp9LayerInfo {
  static constexpr size_t kMaxSizes = 3;  // spatial layer sizes kept from the SS
  bool keyframe = false;                  // is_keyframe()
  bool start_of_layer = false;            // B: first packet of a layer frame
  bool end_of_layer = false;              // E: last packet of a layer frame
  bool inter_picture = false;             // P
  uint8_t spatial_id = 0;                 // SID (0 without L)
  uint8_t temporal_id = 0;                // TID (0 without L)
  bool switching_up = false;              // U
  bool inter_layer = false;               // D: depends on the spatial layer below in this picture
  bool has_picture_id = false;
  uint16_t picture_id = 0;
  uint8_t sizes = 0;  // spatial layer sizes in an SS with Y, at most kMaxSizes
  uint16_t width[kMaxSizes] = {};
  uint16_t height[kMaxSizes] = {};
};

// Reads `payload`; false (and `out` untouched) when the descriptor is malformed.
bool vp9_layer_info(std::span<const uint8_t> payload, Vp9LayerInfo& out);

}  // namespace meet::rtc
