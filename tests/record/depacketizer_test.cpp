#include "record/depacketizer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::record {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(Depacketizer, OpusPayloadIsTheFrame) {
  const Bytes payload = {0xfc, 0x01, 0x02};  // TOC byte (config 31, stereo 0, 1 frame), data
  Bytes frame;
  auto info = depacketize_opus(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->keyframe);
  EXPECT_EQ(frame, payload);
}

TEST(Depacketizer, RejectsEmptyPayloads) {
  Bytes frame;
  for (auto codec : {rtc::Codec::kOpus, rtc::Codec::kVp8, rtc::Codec::kVp9, rtc::Codec::kH264}) {
    auto r = depacketize(codec, {}, frame);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), DepacketizeError::kEmpty);
  }
  EXPECT_EQ(depacketize(rtc::Codec::kUnknown, Bytes{1}, frame).error(),
            DepacketizeError::kUnsupported);
}

TEST(Depacketizer, Vp8KeyframeStripsDescriptorAndReadsSize) {
  const Bytes payload = {
      0x90,              // X=1 S=1 PID=0
      0x80,              // I=1
      0x81, 0x23,        // M=1, 15-bit picture id 0x0123
      0x50, 0x05, 0x00,  // frame tag: P=0 (keyframe), version 0, show_frame, size
      0x9d, 0x01, 0x2a,  // start code
      0x80, 0x02,        // width 640 (little endian, 14 bits)
      0x68, 0x01,        // height 360
      0xaa,              // first partition data
  };
  Bytes frame;
  auto info = depacketize_vp8(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->frame_start);
  EXPECT_TRUE(info->keyframe);
  EXPECT_EQ(info->width, 640);
  EXPECT_EQ(info->height, 360);
  EXPECT_EQ(frame, Bytes(payload.begin() + 4, payload.end()));
}

TEST(Depacketizer, Vp8ContinuationIsNotAFrameStart) {
  const Bytes payload = {
      0x00,        // X=0 S=0 PID=0
      0x11, 0x22,  // data
  };
  Bytes frame = {0x77};
  auto info = depacketize_vp8(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->frame_start);
  EXPECT_FALSE(info->keyframe);
  EXPECT_EQ(frame, (Bytes{0x77, 0x11, 0x22}));
}

TEST(Depacketizer, Vp8DescriptorCutShortIsAnError) {
  const Bytes payload = {
      0x90,  // X=1
      0x80,  // I=1, but the picture id is missing
  };
  Bytes frame;
  auto info = depacketize_vp8(payload, frame);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error(), DepacketizeError::kTooShort);
}

TEST(Depacketizer, Vp9KeyframeWithResolution) {
  const Bytes payload = {
      0x8e,              // I=1 P=0 L=0 F=0 B=1 E=1 V=1 Z=0
      0x05,              // picture id 5 (7 bits)
      0x18,              // SS: N_S=0 (one layer), Y=1, G=1
      0x02, 0x80,        // width 640
      0x01, 0x68,        // height 360
      0x00,              // N_G=0
      0x82, 0x49, 0x83,  // frame data
  };
  Bytes frame;
  auto info = depacketize_vp9(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->frame_start);
  EXPECT_TRUE(info->keyframe);
  EXPECT_EQ(info->width, 640);
  EXPECT_EQ(info->height, 360);
  EXPECT_EQ(frame, (Bytes{0x82, 0x49, 0x83}));
}

TEST(Depacketizer, Vp9UpperSpatialLayerIsSkipped) {
  const Bytes payload = {
      0xa8,  // I=1 L=1 B=1
      0x05,  // picture id
      0x02,  // TID=0 U=0 SID=1 D=0
      0x00,  // TL0PICIDX (non-flexible)
      0x11,  // frame data
  };
  Bytes frame;
  auto info = depacketize_vp9(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->skip);
  EXPECT_TRUE(frame.empty());
}

TEST(Depacketizer, H264SingleNalGetsAStartCode) {
  const Bytes payload = {
      0x65,        // F=0 NRI=3 type 5 (IDR slice)
      0x88, 0x84,  // slice data
  };
  Bytes frame;
  auto info = depacketize_h264(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->keyframe);
  EXPECT_EQ(frame, (Bytes{0, 0, 0, 1, 0x65, 0x88, 0x84}));
}

TEST(Depacketizer, H264StapASplitsIntoNalUnits) {
  const Bytes payload = {
      0x78,              // STAP-A (type 24, NRI 3)
      0x00, 0x03,        // size 3
      0x67, 0x42, 0xc0,  // SPS (type 7)
      0x00, 0x02,        // size 2
      0x68, 0xce,        // PPS (type 8)
  };
  Bytes frame;
  auto info = depacketize_h264(payload, frame);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->keyframe);
  EXPECT_EQ(frame, (Bytes{0, 0, 0, 1, 0x67, 0x42, 0xc0, 0, 0, 0, 1, 0x68, 0xce}));
}

TEST(Depacketizer, H264StapASizePastTheEndIsAnError) {
  const Bytes payload = {
      0x78,        // STAP-A
      0x00, 0x09,  // size 9, but two bytes follow
      0x67, 0x42,
  };
  Bytes frame;
  auto info = depacketize_h264(payload, frame);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error(), DepacketizeError::kTooShort);
}

TEST(Depacketizer, H264FuAReassemblesTheNalHeader) {
  const Bytes start = {
      0x7c,        // FU indicator: NRI 3, type 28
      0x85,        // FU header: S=1, type 5
      0x01, 0x02,  // fragment
  };
  const Bytes end = {
      0x7c,  // FU indicator
      0x45,  // FU header: E=1, type 5
      0x03,  // fragment
  };
  Bytes frame;
  auto a = depacketize_h264(start, frame);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->keyframe);
  EXPECT_TRUE(a->frame_start);
  auto b = depacketize_h264(end, frame);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->frame_start);
  EXPECT_EQ(frame, (Bytes{0, 0, 0, 1, 0x65, 0x01, 0x02, 0x03}));
}

TEST(Depacketizer, H264FuAMiddleWithoutStartIsAnError) {
  const Bytes middle = {0x7c, 0x05, 0x09};
  Bytes frame;
  EXPECT_EQ(depacketize_h264(middle, frame).error(), DepacketizeError::kBadDescriptor);
}

TEST(Depacketizer, H264InterleavedModesAreUnsupported) {
  Bytes frame;
  EXPECT_EQ(depacketize_h264(Bytes{0x79, 0, 0}, frame).error(),  // STAP-B
            DepacketizeError::kUnsupported);
  EXPECT_EQ(depacketize_h264(Bytes{0x7d, 0x85, 0, 0}, frame).error(),  // FU-B
            DepacketizeError::kUnsupported);
}

}  // namespace
}  // namespace meet::record
