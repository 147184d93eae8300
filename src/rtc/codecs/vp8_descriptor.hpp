#pragma once
// VP8 payload descriptor (RFC 7741 section 4.2), viewed in place at the start of an RTP
// payload:
//
//       0 1 2 3 4 5 6 7
//      +-+-+-+-+-+-+-+-+
//      |X|R|N|S|R| PID | (REQUIRED)
//      +-+-+-+-+-+-+-+-+
// X:   |I|L|T|K| RSV   | (OPTIONAL)
//      +-+-+-+-+-+-+-+-+
// I:   |M| PictureID   | (OPTIONAL)  M=1: 15-bit picture id over two bytes
//      +-+-+-+-+-+-+-+-+
//      |   PictureID   |
//      +-+-+-+-+-+-+-+-+
// L:   |   TL0PICIDX   | (OPTIONAL)
//      +-+-+-+-+-+-+-+-+
// T/K: |TID|Y| KEYIDX  | (OPTIONAL)  present when T or K is set
//      +-+-+-+-+-+-+-+-+
//
// The VP8 payload header follows on the first packet of partition 0 (RFC 7741 4.3):
//      |Size0|H| VER |P|   P (inverse key frame flag) = 0 on a keyframe
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/result.hpp"
#include "rtc/codecs/codec.hpp"

namespace meet::rtc {

// A VP8 payload descriptor viewed in place; the setters rewrite the caller's buffer (the SFU
// renumbers picture ids and TL0PICIDX on simulcast switches). Does not own the bytes.
class Vp8Descriptor {
 public:
  // kTooShort when the payload ends inside the descriptor.
  static Result<Vp8Descriptor, CodecError> parse(std::span<uint8_t> payload);

  bool non_reference() const { return (b_[0] & 0x20) != 0; }       // N
  bool start_of_partition() const { return (b_[0] & 0x10) != 0; }  // S
  uint8_t partition_id() const { return b_[0] & 0x0f; }

  // Picture id: absent (0 bits), 7 or 15 bits wide.
  bool has_picture_id() const { return picture_id_bits_ != 0; }
  uint8_t picture_id_bits() const { return picture_id_bits_; }
  uint16_t picture_id() const;  // 0 when absent
  // Writes `id` masked to the field's width (7 or 15 bits); false when there is no field.
  bool set_picture_id(uint16_t id);

  bool has_tl0picidx() const { return tl0_at_ != 0; }
  uint8_t tl0picidx() const { return has_tl0picidx() ? b_[tl0_at_] : 0; }
  bool set_tl0picidx(uint8_t v);  // false when there is no field

  bool has_temporal_id() const { return tk_at_ != 0 && (b_[1] & 0x20) != 0; }  // T
  uint8_t temporal_id() const { return has_temporal_id() ? b_[tk_at_] >> 6 : 0; }
  bool layer_sync() const { return has_temporal_id() && (b_[tk_at_] & 0x20) != 0; }  // Y
  bool has_key_index() const { return tk_at_ != 0 && (b_[1] & 0x10) != 0; }          // K
  uint8_t key_index() const { return has_key_index() ? b_[tk_at_] & 0x1f : 0; }

  // Descriptor bytes; the VP8 payload starts right after.
  size_t size() const { return size_; }
  std::span<const uint8_t> vp8_payload() const {
    return std::span<const uint8_t>(b_).subspan(size_);
  }
  // First packet of partition 0 whose frame header has P = 0.
  bool is_keyframe() const;

 private:
  explicit Vp8Descriptor(std::span<uint8_t> b) : b_(b) {}
  std::span<uint8_t> b_;
  uint8_t size_ = 1;
  uint8_t picture_id_bits_ = 0;
  uint8_t picture_id_at_ = 0;  // 0 = absent (offset 0 is the first byte, never a field)
  uint8_t tl0_at_ = 0;
  uint8_t tk_at_ = 0;
};

// is_keyframe() over a read-only payload (no descriptor object needed).
bool vp8_is_keyframe(std::span<const uint8_t> payload);

// The picture size a VP8 keyframe announces (RFC 6386 section 9.1): after the 3-byte frame
// tag, the start code 9d 01 2a, then width and height, 14 bits each, little-endian, under a
// 2-bit scale. nullopt unless `payload` (an RTP payload, descriptor first) starts a keyframe
// with the whole header in it and a valid start code.
struct Vp8FrameSize {
  uint16_t width = 0;
  uint16_t height = 0;
};
std::optional<Vp8FrameSize> vp8_keyframe_size(std::span<const uint8_t> payload);

}  // namespace meet::rtc
