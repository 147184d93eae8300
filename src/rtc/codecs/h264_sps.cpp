#include "rtc/codecs/h264_sps.hpp"

#include "common/bytes.hpp"
#include "rtc/codecs/h264_payload.hpp"

namespace meet::rtc {
namespace {

// Reads the bits of an RBSP, skipping emulation prevention bytes. Past the end every read
// fails (ok() turns false) instead of reading out of bounds.
class BitReader {
 public:
  explicit BitReader(std::span<const uint8_t> b) : b_(b) {}
  bool ok() const { return ok_; }

  uint32_t bit() {
    if (bit_ == 0 && !next_byte()) return 0;
    --bit_;
    return (cur_ >> bit_) & 1u;
  }
  uint32_t bits(int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 1 | bit();
    return v;
  }
  // ue(v), 9.1: leading zeros, a one, that many bits. Over 31 zeros is out of range here.
  uint32_t ue() {
    int zeros = 0;
    while (ok_ && bit() == 0) {
      if (++zeros > 31) {
        ok_ = false;
        return 0;
      }
    }
    if (!ok_) return 0;
    return static_cast<uint32_t>((uint64_t{1} << zeros) - 1 + bits(zeros));
  }
  int32_t se() {
    const uint32_t k = ue();
    return (k & 1) ? static_cast<int32_t>((k + 1) / 2) : -static_cast<int32_t>(k / 2);
  }

 private:
  bool next_byte() {
    if (at_ < b_.size() && zeros_ >= 2 && b_[at_] == 0x03) {
      ++at_;  // emulation prevention
      zeros_ = 0;
    }
    if (at_ >= b_.size()) {
      ok_ = false;
      return false;
    }
    cur_ = b_[at_++];
    zeros_ = cur_ == 0 ? zeros_ + 1 : 0;
    bit_ = 8;
    return true;
  }

  std::span<const uint8_t> b_;
  size_t at_ = 0;
  uint8_t cur_ = 0;
  int bit_ = 0;
  int zeros_ = 0;
  bool ok_ = true;
};

bool high_profile(uint32_t profile) {
  switch (profile) {
    case 100:
    case 110:
    case 122:
    case 244:
    case 44:
    case 83:
    case 86:
    case 118:
    case 128:
    case 138:
    case 139:
    case 134:
    case 135:
      return true;
    default:
      return false;
  }
}

// scaling_list() of 7.3.2.1.1.1, read past; false when a delta_scale is out of its range
// (-128..127, 7.4.2.1.1).
bool skip_scaling_list(BitReader& r, int size) {
  int last = 8;
  int next = 8;
  for (int j = 0; j < size && r.ok(); ++j) {
    if (next != 0) {
      const int32_t delta = r.se();
      if (delta < -128 || delta > 127) return false;
      next = (last + delta + 256) % 256;
    }
    last = next == 0 ? last : next;
  }
  return true;
}

}  // namespace

std::optional<H264PictureSize> h264_sps_size(std::span<const uint8_t> nal) {
  if (nal.empty() || (nal[0] & 0x1f) != kH264NalSps) return std::nullopt;
  BitReader r(nal.subspan(1));
  const uint32_t profile = r.bits(8);
  r.bits(16);  // constraint flags, level
  r.ue();      // seq_parameter_set_id
  uint32_t chroma = 1;
  if (high_profile(profile)) {
    chroma = r.ue();
    if (chroma > 3) return std::nullopt;
    if (chroma == 3) r.bit();  // separate_colour_plane_flag
    r.ue();                    // bit_depth_luma_minus8
    r.ue();                    // bit_depth_chroma_minus8
    r.bit();                   // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) {             // seq_scaling_matrix_present_flag
      for (int i = 0; i < (chroma != 3 ? 8 : 12) && r.ok(); ++i) {
        if (r.bit() && !skip_scaling_list(r, i < 6 ? 16 : 64)) return std::nullopt;
      }
    }
  }
  r.ue();  // log2_max_frame_num_minus4
  const uint32_t poc_type = r.ue();
  if (poc_type == 0) {
    r.ue();  // log2_max_pic_order_cnt_lsb_minus4
  } else if (poc_type == 1) {
    r.bit();  // delta_pic_order_always_zero_flag
    r.se();   // offset_for_non_ref_pic
    r.se();   // offset_for_top_to_bottom_field
    const uint32_t cycle = r.ue();
    if (cycle > 255) return std::nullopt;
    for (uint32_t i = 0; i < cycle && r.ok(); ++i) r.se();
  } else if (poc_type != 2) {
    return std::nullopt;
  }
  r.ue();   // max_num_ref_frames
  r.bit();  // gaps_in_frame_num_value_allowed_flag
  const uint32_t width_mbs = r.ue() + 1;
  const uint32_t height_units = r.ue() + 1;
  const uint32_t frame_mbs_only = r.bit();
  if (!frame_mbs_only) r.bit();  // mb_adaptive_frame_field_flag
  r.bit();                       // direct_8x8_inference_flag
  uint32_t crop[4] = {0, 0, 0, 0};
  if (r.bit()) {
    for (auto& c : crop) c = r.ue();
  }
  if (!r.ok() || width_mbs > 1024 || height_units > 1024) return std::nullopt;
  // Crop units (7.4.2.1.1): chroma sample steps, doubled vertically for field coding.
  const uint32_t unit_x = (chroma == 1 || chroma == 2) ? 2 : 1;
  const uint32_t unit_y = (chroma == 1 ? 2 : 1) * (2 - frame_mbs_only);
  const int64_t width = int64_t{width_mbs} * 16 - int64_t{unit_x} * (crop[0] + int64_t{crop[1]});
  const int64_t height = int64_t{height_units} * 16 * (2 - frame_mbs_only) -
                         int64_t{unit_y} * (crop[2] + int64_t{crop[3]});
  if (width <= 0 || height <= 0) return std::nullopt;
  return H264PictureSize{static_cast<uint16_t>(width), static_cast<uint16_t>(height)};
}

std::optional<H264PictureSize> h264_keyframe_size(std::span<const uint8_t> payload) {
  if (payload.empty()) return std::nullopt;
  const uint8_t type = payload[0] & 0x1f;
  if (type == kH264NalSps) return h264_sps_size(payload);
  if (type != kH264StapA) return std::nullopt;
  for (size_t at = 1; at + 2 <= payload.size();) {
    const size_t size = load_be16(payload, at);
    at += 2;
    if (size == 0 || size > payload.size() - at) return std::nullopt;
    if ((payload[at] & 0x1f) == kH264NalSps) return h264_sps_size(payload.subspan(at, size));
    at += size;
  }
  return std::nullopt;
}

}  // namespace meet::rtc
