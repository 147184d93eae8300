#pragma once
// The picture size an H.264 sequence parameter set announces (ITU-T H.264 section 7.3.2.1.1),
// read without a decoder, so the SFU knows how tall each simulcast layer is (VP8 and VP9 say
// so in their keyframe headers; H.264 only here). The SPS is a NAL unit whose payload is
// exp-Golomb coded (9.1) behind emulation prevention bytes (7.4.1: 0x000003 drops the 03):
//
//   profile_idc(8) constraint_flags(8) level_idc(8) seq_parameter_set_id(ue)
//   [high profiles: chroma_format_idc(ue) [separate_colour_plane(1)] bit_depth_luma(ue)
//    bit_depth_chroma(ue) qpprime_y_zero_bypass(1) seq_scaling_matrix_present(1) [lists]]
//   log2_max_frame_num_minus4(ue) pic_order_cnt_type(ue) [its fields]
//   max_num_ref_frames(ue) gaps_in_frame_num_allowed(1)
//   pic_width_in_mbs_minus1(ue) pic_height_in_map_units_minus1(ue)
//   frame_mbs_only(1) [mb_adaptive_frame_field(1)] direct_8x8_inference(1)
//   frame_cropping(1) [left right top bottom offsets (ue)] ...
#include <cstdint>
#include <optional>
#include <span>

namespace meet::rtc {

struct H264PictureSize {
  uint16_t width = 0;
  uint16_t height = 0;
};

// `nal`: one SPS NAL unit, header byte first. nullopt when it is not an SPS, is cut short or
// holds values out of range. Never throws, reads only within `nal`.
std::optional<H264PictureSize> h264_sps_size(std::span<const uint8_t> nal);

// The size in the SPS a payload carries alone or in a STAP-A (RFC 6184 5.7.1), as Chromium
// sends it before each IDR; nullopt without one.
std::optional<H264PictureSize> h264_keyframe_size(std::span<const uint8_t> payload);

}  // namespace meet::rtc
