#include "rtc/codecs/vp8_descriptor.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// First packet of a keyframe as Chrome sends it with simulcast.
Bytes chrome_keyframe() {
  return {
      0x90,                    // X=1 N=0 S=1 PID=0
      0xe0,                    // I=1 L=1 T=1 K=0
      0x80, 0x01,              // M=1 picture id 1 (15 bits)
      0x00,                    // TL0PICIDX 0
      0x20,                    // TID=0 Y=1 KEYIDX=0
      0x10, 0x02, 0x00,        // VP8 frame tag: P=0 (keyframe), show_frame=1
      0x9d, 0x01, 0x2a,        // keyframe start code
      0x80, 0x02, 0xe0, 0x01,  // 640 x 480
  };
}

TEST(Vp8Descriptor, ParsesChromeKeyframe) {
  Bytes b = chrome_keyframe();
  auto d = Vp8Descriptor::parse(b);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->non_reference());
  EXPECT_TRUE(d->start_of_partition());
  EXPECT_EQ(d->partition_id(), 0);
  EXPECT_EQ(d->picture_id_bits(), 15);
  EXPECT_EQ(d->picture_id(), 1);
  EXPECT_TRUE(d->has_tl0picidx());
  EXPECT_EQ(d->tl0picidx(), 0);
  EXPECT_TRUE(d->has_temporal_id());
  EXPECT_EQ(d->temporal_id(), 0);
  EXPECT_TRUE(d->layer_sync());
  EXPECT_FALSE(d->has_key_index());
  EXPECT_EQ(d->size(), 6u);
  EXPECT_EQ(d->vp8_payload().size(), 10u);
  EXPECT_TRUE(d->is_keyframe());
  EXPECT_TRUE(vp8_is_keyframe(b));
}

TEST(Vp8Descriptor, RewritesPictureIdAndTl0PicIdxInPlace) {
  Bytes b = chrome_keyframe();
  auto d = Vp8Descriptor::parse(b);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->set_picture_id(0x8123));  // masked to 15 bits
  EXPECT_TRUE(d->set_tl0picidx(0xab));
  Bytes expect = chrome_keyframe();
  expect[2] = 0x81;  // M stays set
  expect[3] = 0x23;
  expect[4] = 0xab;
  EXPECT_EQ(b, expect);
  EXPECT_EQ(d->picture_id(), 0x0123);

  Bytes seven = {
      0x80,  // X=1 S=0
      0x80,  // I=1
      0x7f,  // M=0 picture id 127
      0x31,  // frame data
  };
  auto s = Vp8Descriptor::parse(seven);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->picture_id_bits(), 7);
  EXPECT_EQ(s->picture_id(), 127);
  EXPECT_TRUE(s->set_picture_id(128));  // wraps to 0 in 7 bits
  EXPECT_EQ(seven[2], 0x00);
  EXPECT_FALSE(s->set_tl0picidx(1));

  Bytes plain = {0x10, 0x10};
  auto p = Vp8Descriptor::parse(plain);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->has_picture_id());
  EXPECT_EQ(p->picture_id(), 0);
  EXPECT_FALSE(p->set_picture_id(5));
  EXPECT_EQ(plain, (Bytes{0x10, 0x10}));
}

TEST(Vp8Descriptor, ReadsKeyIndexWithoutTemporalId) {
  Bytes b = {
      0x80,  // X=1
      0x10,  // K=1
      0x1f,  // TID=0 Y=0 KEYIDX=31
      0x31,  // frame
  };
  auto d = Vp8Descriptor::parse(b);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->has_temporal_id());
  EXPECT_TRUE(d->has_key_index());
  EXPECT_EQ(d->key_index(), 31);
  EXPECT_EQ(d->size(), 3u);
}

TEST(Vp8Descriptor, DetectsKeyframesOnlyAtTheStartOfPartitionZero) {
  struct Case {
    const char* name;
    Bytes payload;
    bool key;
  };
  const Case cases[] = {
      {"minimal descriptor, P=0", {0x10, 0x10, 0x02, 0x00}, true},
      {"P=1 (interframe)", {0x10, 0x31, 0x02, 0x00}, false},
      {"S=0 (continuation)", {0x00, 0x10, 0x02, 0x00}, false},
      {"partition 1", {0x11, 0x10, 0x02, 0x00}, false},
      {"no frame data", {0x10}, false},
      {"extended, no frame data", {0x90, 0x80, 0x05}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(vp8_is_keyframe(c.payload), c.key) << c.name;
}

TEST(Vp8Descriptor, RejectsTruncatedDescriptors) {
  const Bytes cases[] = {
      {},
      {0x80},                          // X without the extension byte
      {0x80, 0x80},                    // I without picture id
      {0x80, 0x80, 0x80},              // 15-bit picture id cut in half
      {0x80, 0x40},                    // L without TL0PICIDX
      {0x80, 0x20},                    // T without TID byte
      {0x80, 0xf0, 0x80, 0x01, 0x00},  // I L T K: TID/KEYIDX byte missing
  };
  for (const Bytes& c : cases) {
    Bytes b = c;
    auto d = Vp8Descriptor::parse(b);
    ASSERT_FALSE(d.ok()) << b.size();
    EXPECT_EQ(d.error(), CodecError::kTooShort);
    EXPECT_FALSE(vp8_is_keyframe(c));
  }
}

}  // namespace
}  // namespace meet::rtc

namespace meet::rtc {
namespace {

TEST(Vp8KeyframeSize, ReadsWidthAndHeightOfAKeyframe) {
  Bytes b = chrome_keyframe();
  auto size = vp8_keyframe_size(b);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->width, 640);
  EXPECT_EQ(size->height, 480);
}

TEST(Vp8KeyframeSize, NoneForDeltaFramesBadStartCodesAndShortHeaders) {
  Bytes delta = chrome_keyframe();
  delta[6] |= 0x01;  // P=1: an interframe
  EXPECT_FALSE(vp8_keyframe_size(delta).has_value());
  Bytes bad_start = chrome_keyframe();
  bad_start[9] = 0x9c;
  EXPECT_FALSE(vp8_keyframe_size(bad_start).has_value());
  Bytes cut = chrome_keyframe();
  cut.pop_back();
  EXPECT_FALSE(vp8_keyframe_size(cut).has_value());
}

}  // namespace
}  // namespace meet::rtc
