#include "rtc/codecs/keyframe.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(Keyframe, DispatchesByCodec) {
  const Bytes vp8_key = {0x10, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a};  // S=1 PID=0 | P=0
  const Bytes vp9_key = {0x08, 0x82};                                // B=1 P=0 | frame data
  const Bytes h264_idr = {0x65, 0x88};
  EXPECT_TRUE(is_keyframe(Codec::kVp8, vp8_key));
  EXPECT_TRUE(is_keyframe(Codec::kVp9, vp9_key));
  EXPECT_TRUE(is_keyframe(Codec::kH264, h264_idr));
  EXPECT_TRUE(is_keyframe(Codec::kOpus, Bytes{0xfc}));
  EXPECT_TRUE(is_keyframe(Codec::kOpus, Bytes{}));
  EXPECT_FALSE(is_keyframe(Codec::kUnknown, vp8_key));
  EXPECT_FALSE(is_keyframe(Codec::kVp8, Bytes{}));
  EXPECT_FALSE(is_keyframe(Codec::kVp9, Bytes{}));
  EXPECT_FALSE(is_keyframe(Codec::kH264, Bytes{}));
}

}  // namespace
}  // namespace meet::rtc
