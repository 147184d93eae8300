#include "rtc/codecs/vp9_descriptor.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// Non-flexible mode keyframe carrying a scalability structure, as Chrome sends VP9 without
// SVC.
Bytes keyframe_with_ss() {
  return {
      0x8a,        // I=1 P=0 L=0 F=0 B=1 E=0 V=1 Z=0
      0x80, 0x05,  // M=1 picture id 5
      0x18,        // SS: N_S=0 (1 layer) Y=1 G=1
      0x02, 0x80,  //   width 640
      0x01, 0xe0,  //   height 480
      0x01,        //   N_G=1
      0x04,        //   TID=0 U=0 R=1
      0x01,        //     P_DIFF 1
      0x82, 0x49,  // VP9 frame (uncompressed header starts)
  };
}

TEST(Vp9Descriptor, ParsesKeyframeWithScalabilityStructure) {
  Bytes b = keyframe_with_ss();
  auto d = Vp9Descriptor::parse(b);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->inter_picture_predicted());
  EXPECT_TRUE(d->start_of_frame());
  EXPECT_FALSE(d->end_of_frame());
  EXPECT_FALSE(d->flexible_mode());
  EXPECT_TRUE(d->has_scalability_structure());
  EXPECT_EQ(d->picture_id_bits(), 15);
  EXPECT_EQ(d->picture_id(), 5);
  EXPECT_EQ(d->spatial_layer_count(), 1u);
  ASSERT_TRUE(d->has_resolutions());
  EXPECT_EQ(d->width(0), 640);
  EXPECT_EQ(d->height(0), 480);
  EXPECT_EQ(d->size(), 11u);
  EXPECT_TRUE(d->is_keyframe());
  EXPECT_TRUE(vp9_is_keyframe(b));
}

TEST(Vp9Descriptor, ParsesFlexibleModeSvcPacket) {
  Bytes b = {
      0xf8,        // I=1 P=1 L=1 F=1 B=1 E=0 V=0 Z=0
      0x81, 0x00,  // M=1 picture id 256
      0x53,        // TID=2 U=1 SID=1 D=1
      0x03,        // P_DIFF 1, N=1
      0x04,        // P_DIFF 2, N=0
      0x86,        // frame
  };
  auto d = Vp9Descriptor::parse(b);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->flexible_mode());
  EXPECT_EQ(d->picture_id(), 256);
  EXPECT_EQ(d->temporal_id(), 2);
  EXPECT_TRUE(d->switching_up_point());
  EXPECT_EQ(d->spatial_id(), 1);
  EXPECT_TRUE(d->inter_layer_predicted());
  EXPECT_FALSE(d->has_tl0picidx());  // flexible mode has none
  ASSERT_EQ(d->reference_count(), 2u);
  EXPECT_EQ(d->reference_diff(0), 1);
  EXPECT_EQ(d->reference_diff(1), 2);
  EXPECT_EQ(d->size(), 6u);
  EXPECT_FALSE(d->is_keyframe());
}

TEST(Vp9Descriptor, RewritesPictureIdAndTl0PicIdx) {
  Bytes b = {
      0xa8,  // I=1 P=0 L=1 F=0 B=1
      0x05,  // M=0 picture id 5
      0x00,  // TID=0 U=0 SID=0 D=0
      0x07,  // TL0PICIDX 7
      0x82,  // frame
  };
  auto d = Vp9Descriptor::parse(b);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->tl0picidx(), 7);
  EXPECT_TRUE(d->set_picture_id(0x1ff));  // 7 bits: 0x7f
  EXPECT_TRUE(d->set_tl0picidx(9));
  EXPECT_EQ(b, (Bytes{0xa8, 0x7f, 0x00, 0x09, 0x82}));
  EXPECT_TRUE(d->is_keyframe());
}

TEST(Vp9Descriptor, KeyframeNeedsStartNoPredictionAndBaseSpatialLayer) {
  struct Case {
    const char* name;
    Bytes payload;
    bool key;
  };
  const Case cases[] = {
      {"B=1 P=0, no layer indices", {0x08, 0x82}, true},
      {"B=0 (middle of frame)", {0x00, 0x82}, false},
      {"P=1", {0x48, 0x82}, false},
      {"key picture, spatial layer 0", {0x38, 0x00, 0x82}, true},   // L F B, SID 0
      {"key picture, spatial layer 1", {0x38, 0x03, 0x82}, false},  // SID 1 D=1
      {"no frame data", {0x08}, false},
      {"truncated SS", {0x0a, 0x18, 0x02}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(vp9_is_keyframe(c.payload), c.key) << c.name;
}

TEST(Vp9Descriptor, RejectsBadDescriptors) {
  struct Case {
    const char* name;
    Bytes payload;
    CodecError error;
  };
  const Case cases[] = {
      {"empty", {}, CodecError::kTooShort},
      {"I without picture id", {0x80}, CodecError::kTooShort},
      {"15-bit picture id cut", {0x80, 0x80}, CodecError::kTooShort},
      {"L without layer byte", {0x20}, CodecError::kTooShort},
      {"non-flexible L without TL0PICIDX", {0x20, 0x00}, CodecError::kTooShort},
      {"P_DIFF chain cut", {0x50, 0x03}, CodecError::kTooShort},
      {"four P_DIFFs", {0x50, 0x03, 0x03, 0x03, 0x02, 0x00}, CodecError::kBadDescriptor},
      {"SS missing", {0x02}, CodecError::kTooShort},
      {"SS resolutions cut", {0x02, 0x30, 0, 1, 0, 1, 0, 2}, CodecError::kTooShort},  // 2 layers
      {"SS group count missing", {0x02, 0x08}, CodecError::kTooShort},
      {"SS group P_DIFFs cut", {0x02, 0x08, 0x01, 0x0c, 0x01}, CodecError::kTooShort},
  };
  for (const Case& c : cases) {
    Bytes b = c.payload;
    auto d = Vp9Descriptor::parse(b);
    ASSERT_FALSE(d.ok()) << c.name;
    EXPECT_EQ(d.error(), c.error) << c.name;
  }
}

// What Chromium sends in L3T3_KEY (non-flexible mode): the first packet of a keyframe's base
// layer, with the scalability structure of three spatial layers.
Bytes svc_keyframe_base() {
  return {
      0xaa,        // I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0
      0x81, 0x02,  // M=1 picture id 258
      0x00,        // TID=0 U=0 SID=0 D=0
      0x07,        // TL0PICIDX 7
      0x58,        // SS: N_S=2 (3 layers) Y=1 G=1
      0x01, 0x40,  //   layer 0: width 320
      0x00, 0xb4,  //            height 180
      0x02, 0x80,  //   layer 1: width 640
      0x01, 0x68,  //            height 360
      0x05, 0x00,  //   layer 2: width 1280
      0x02, 0xd0,  //            height 720
      0x01,        //   N_G=1
      0x04,        //   TID=0 U=0 R=1
      0x01,        //     P_DIFF 1
      0x82, 0x49,  // VP9 frame
  };
}

TEST(Vp9LayerInfo, ReadsSpatialLayersOfAnSvcKeyframe) {
  Vp9LayerInfo v;
  ASSERT_TRUE(vp9_layer_info(svc_keyframe_base(), v));
  EXPECT_TRUE(v.keyframe);
  EXPECT_TRUE(v.start_of_layer);
  EXPECT_FALSE(v.end_of_layer);
  EXPECT_EQ(v.spatial_id, 0);
  EXPECT_EQ(v.temporal_id, 0);
  EXPECT_FALSE(v.inter_layer);
  EXPECT_EQ(v.picture_id, 258);
  ASSERT_EQ(v.sizes, 3);
  EXPECT_EQ(v.width[0], 320);
  EXPECT_EQ(v.height[0], 180);
  EXPECT_EQ(v.height[1], 360);
  EXPECT_EQ(v.width[2], 1280);
  EXPECT_EQ(v.height[2], 720);
}

TEST(Vp9LayerInfo, ReadsLayerIndicesOfUpperLayersAndDeltaPictures) {
  struct Case {
    const char* what;
    Bytes bytes;
    uint8_t sid, tid;
    bool u, d, b, e, keyframe;
  };
  const Case cases[] = {
      {"keyframe without layer indices: spatial layer 0, one packet",
       {0x8c,        // I=1 P=0 L=0 F=0 B=1 E=1 V=0 Z=0
        0x81, 0x02,  // picture id 258
        0x86},       // frame
       0,
       0,
       false,
       false,
       true,
       true,
       true},
      {"keyframe, layer 2, inter-layer predicted",
       {0xac,        // I=1 P=0 L=1 F=0 B=1 E=1 V=0 Z=0
        0x81, 0x02,  // picture id 258
        0x05,        // TID=0 U=0 SID=2 D=1
        0x07,        // TL0PICIDX 7
        0x86},
       2,
       0,
       false,
       true,
       true,
       true,
       false},
      {"delta picture, layer 1, temporal layer 2, switching-up point",
       {0xe8,        // I=1 P=1 L=1 F=0 B=1 E=0 V=0 Z=0
        0x81, 0x05,  // picture id 261
        0x52,        // TID=2 U=1 SID=1 D=0
        0x07,        // TL0PICIDX 7
        0x86},
       1,
       2,
       true,
       false,
       true,
       false,
       false},
      {"flexible mode, layer 1 of a delta picture, one reference",
       {0xf4,        // I=1 P=1 L=1 F=1 B=0 E=1 V=0 Z=0
        0x81, 0x05,  // picture id 261
        0x22,        // TID=1 U=0 SID=1 D=0
        0x02,        // P_DIFF 1, N=0
        0x86},
       1,
       1,
       false,
       false,
       false,
       true,
       false},
  };
  for (const auto& c : cases) {
    Vp9LayerInfo v;
    ASSERT_TRUE(vp9_layer_info(c.bytes, v)) << c.what;
    EXPECT_EQ(v.spatial_id, c.sid) << c.what;
    EXPECT_EQ(v.temporal_id, c.tid) << c.what;
    EXPECT_EQ(v.switching_up, c.u) << c.what;
    EXPECT_EQ(v.inter_layer, c.d) << c.what;
    EXPECT_EQ(v.start_of_layer, c.b) << c.what;
    EXPECT_EQ(v.end_of_layer, c.e) << c.what;
    EXPECT_EQ(v.keyframe, c.keyframe) << c.what;
    EXPECT_EQ(v.sizes, 0) << c.what;
  }
}

TEST(Vp9LayerInfo, RejectsWhatParseRejects) {
  Bytes cut = svc_keyframe_base();
  for (size_t n = 0; n < 21; ++n) {  // every cut inside the descriptor and its SS
    Vp9LayerInfo v;
    v.spatial_id = 5;
    EXPECT_FALSE(vp9_layer_info(std::span<const uint8_t>(cut.data(), n), v)) << n;
    EXPECT_EQ(v.spatial_id, 5) << "untouched";
  }
}

}  // namespace
}  // namespace meet::rtc
