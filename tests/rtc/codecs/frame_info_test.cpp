// What the SFU reads of one video packet: keyframe start, and for VP8 the temporal layer, the
// layer-sync bit and the picture id from the payload descriptor (RFC 7741 4.2).
#include "rtc/codecs/frame_info.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

TEST(FrameInfo, ReadsTemporalLayerSyncAndPictureIdOfVp8) {
  const std::vector<uint8_t> t2_sync = {
      0x90,        // X=1, S=1, PID=0
      0xe0,        // I=1 L=1 T=1
      0x81, 0x23,  // M=1, picture id 0x0123
      0x07,        // TL0PICIDX
      0xa0,        // TID=2, Y=1, KEYIDX 0
      0x01,        // frame tag: P=1, not a keyframe
  };
  const FrameInfo f = frame_info(Codec::kVp8, t2_sync);
  EXPECT_FALSE(f.keyframe);
  EXPECT_EQ(f.temporal_id, 2);
  EXPECT_TRUE(f.layer_sync);
  EXPECT_TRUE(f.has_picture_id);
  EXPECT_EQ(f.picture_id, 0x0123);

  const std::vector<uint8_t> key = {
      0x90,  // X=1, S=1, PID=0
      0x20,  // T=1 only
      0x00,  // TID=0, Y=0
      0x10,  // frame tag: P=0, a keyframe
  };
  const FrameInfo k = frame_info(Codec::kVp8, key);
  EXPECT_TRUE(k.keyframe);
  EXPECT_EQ(k.temporal_id, 0);
  EXPECT_FALSE(k.has_picture_id);
}

TEST(FrameInfo, WithoutTemporalLayersOrCutShortEverythingIsTheBaseLayer) {
  const std::vector<uint8_t> plain = {0x10, 0x01};  // no X: one descriptor byte, a delta frame
  EXPECT_EQ(frame_info(Codec::kVp8, plain).temporal_id, 0);
  const std::vector<uint8_t> cut = {0x90, 0xe0, 0x81};  // ends inside the picture id
  const FrameInfo c = frame_info(Codec::kVp8, cut);
  EXPECT_FALSE(c.keyframe);
  EXPECT_EQ(c.temporal_id, 0);
  EXPECT_EQ(frame_info(Codec::kVp8, {}).temporal_id, 0);
  // Other codecs: the keyframe only (an H.264 IDR slice, NAL type 5).
  const std::vector<uint8_t> idr = {0x65, 0x88};
  EXPECT_TRUE(frame_info(Codec::kH264, idr).keyframe);
  EXPECT_EQ(frame_info(Codec::kH264, idr).temporal_id, 0);
}

TEST(FrameInfo, ReadsSpatialAndTemporalLayersOfVp9) {
  const std::vector<uint8_t> upper = {
      0xec,        // I=1 P=1 L=1 F=0 B=1 E=1 V=0 Z=0
      0x81, 0x05,  // M=1 picture id 261
      0x35,        // TID=1 U=1 SID=2 D=1
      0x07,        // TL0PICIDX 7
      0x86,        // frame
  };
  const FrameInfo f = frame_info(Codec::kVp9, upper);
  EXPECT_FALSE(f.keyframe);
  EXPECT_EQ(f.spatial_id, 2);
  EXPECT_EQ(f.temporal_id, 1);
  EXPECT_TRUE(f.layer_sync);
  EXPECT_TRUE(f.end_of_layer);
  EXPECT_TRUE(f.inter_layer);
  EXPECT_TRUE(f.has_picture_id);
  EXPECT_EQ(f.picture_id, 261);
  EXPECT_EQ(frame_info(Codec::kVp9, std::vector<uint8_t>{0xa8, 0x81}).spatial_id, 0)
      << "cut short: the base layer";
}

}  // namespace
}  // namespace meet::rtc
