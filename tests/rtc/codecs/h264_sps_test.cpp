// Picture sizes from H.264 sequence parameter sets (H.264 7.3.2.1.1), as an SFU reads them to
// know each simulcast layer's height. The SPS bytes are libx264's for a 320x180 baseline, a
// 1280x720 high and a 1920x1080 main profile stream (ffmpeg -f lavfi -i testsrc=size=WxH
// -pix_fmt yuv420p -c:v libx264 -profile:v P -f h264), each with emulation prevention bytes
// (00 00 03) and, where the height is no multiple of 16, frame cropping.
#include "rtc/codecs/h264_sps.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kBaseline320x180 = {
    0x67,                                            // NAL header: SPS
    0x42, 0xc0, 0x0c,                                // profile 66, constraints, level 1.2
    0xd9, 0x01, 0x41, 0x9f, 0x9f, 0x01, 0x10, 0x00,  // ue/u fields ...
    0x00, 0x03, 0x00, 0x10, 0x00, 0x00, 0x03, 0x03,  // ... with 00 00 03 escapes (VUI)
    0x20, 0xf1, 0x42, 0xa4, 0x80,
};
const Bytes kHigh1280x720 = {
    0x67,                                            // SPS
    0x64, 0x00, 0x1f,                                // profile 100 (high), level 3.1
    0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10,  // chroma_format_idc ... sizes ...
    0x00, 0x00, 0x03, 0x00, 0x10, 0x00, 0x00, 0x03,  //
    0x03, 0x20, 0xf1, 0x83, 0x19, 0x60,
};
const Bytes kMain1920x1080 = {
    0x67,                                            // SPS
    0x4d, 0x40, 0x28,                                // profile 77 (main), level 4.0
    0xec, 0xa0, 0x3c, 0x01, 0x13, 0xf2, 0xe0, 0x22,  // 1088 coded, cropped by 8
    0x00, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x03,  //
    0x00, 0x64, 0x1e, 0x30, 0x63, 0x2c,
};

TEST(H264Sps, ReadsThePictureSize) {
  struct Case {
    const Bytes* sps;
    uint16_t width, height;
  };
  for (const Case& c : {Case{&kBaseline320x180, 320, 180}, Case{&kHigh1280x720, 1280, 720},
                        Case{&kMain1920x1080, 1920, 1080}}) {
    auto size = h264_sps_size(*c.sps);
    ASSERT_TRUE(size.has_value()) << c.width;
    EXPECT_EQ(size->width, c.width);
    EXPECT_EQ(size->height, c.height);
  }
}

TEST(H264Sps, FindsTheSpsAloneOrInAStapA) {
  auto alone = h264_keyframe_size(kBaseline320x180);
  ASSERT_TRUE(alone.has_value());
  EXPECT_EQ(alone->height, 180);
  Bytes stap = {0x78};                                            // STAP-A
  stap.insert(stap.end(), {0x00, 0x04, 0x68, 0xce, 0x38, 0x80});  // PPS, 4 bytes
  stap.push_back(0x00);
  stap.push_back(static_cast<uint8_t>(kHigh1280x720.size()));  // SPS
  stap.insert(stap.end(), kHigh1280x720.begin(), kHigh1280x720.end());
  auto in_stap = h264_keyframe_size(stap);
  ASSERT_TRUE(in_stap.has_value());
  EXPECT_EQ(in_stap->width, 1280);
  EXPECT_EQ(in_stap->height, 720);
}

TEST(H264Sps, RejectsWhatIsNoSpsOrCutShort) {
  EXPECT_FALSE(h264_sps_size(Bytes{}).has_value());
  EXPECT_FALSE(h264_sps_size(Bytes{0x68, 0xce, 0x38, 0x80}).has_value()) << "a PPS";
  EXPECT_FALSE(h264_keyframe_size(Bytes{0x65, 0x88, 0x84}).has_value()) << "an IDR slice";
  for (size_t n = 1; n < 9; ++n) {  // cut before the cropping offsets are read
    EXPECT_FALSE(h264_sps_size(std::span<const uint8_t>(kMain1920x1080.data(), n)).has_value())
        << n;
  }
  EXPECT_FALSE(h264_keyframe_size(Bytes{0x78, 0x00, 0x40, 0x67}).has_value()) << "STAP overrun";
  // A run of zeros where a ue(v) is read: out of range, not a wild read.
  Bytes zeros = {0x67, 0x42, 0xc0, 0x0c};
  zeros.resize(40, 0);
  EXPECT_FALSE(h264_sps_size(zeros).has_value());
}

TEST(H264Sps, RejectsAScalingListDeltaOutOfRange) {
  // Found by the fuzzer: a high 4:2:2 profile SPS whose scaling list delta_scale is near 2^31
  // (was a signed overflow).
  const Bytes sps = {0x67, 0x7a, 0xff, 0xff, 0xff, 0xff, 0x18, 0x00, 0x0a, 0xc7, 0x00,
                     0x00, 0x5f, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff};
  EXPECT_FALSE(h264_sps_size(sps).has_value());
}

}  // namespace
}  // namespace meet::rtc
