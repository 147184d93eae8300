#include "rtc/codecs/codec.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

TEST(Codec, ParsesRtpmapNamesCaseInsensitively) {
  struct Case {
    const char* name;
    Codec codec;
  };
  const Case cases[] = {
      {"opus", Codec::kOpus},  {"OPUS", Codec::kOpus},     {"VP8", Codec::kVp8},
      {"vp8", Codec::kVp8},    {"Vp9", Codec::kVp9},       {"H264", Codec::kH264},
      {"h264", Codec::kH264},  {"AV1", Codec::kUnknown},   {"", Codec::kUnknown},
      {"VP", Codec::kUnknown}, {"H2640", Codec::kUnknown}, {"rtx", Codec::kUnknown},
  };
  for (const Case& c : cases) EXPECT_EQ(codec_from_name(c.name), c.codec) << c.name;
}

TEST(Codec, NamesRoundTrip) {
  for (Codec c : {Codec::kOpus, Codec::kVp8, Codec::kVp9, Codec::kH264}) {
    EXPECT_EQ(codec_from_name(codec_name(c)), c);
  }
  EXPECT_EQ(codec_name(Codec::kUnknown), "unknown");
}

}  // namespace
}  // namespace meet::rtc
