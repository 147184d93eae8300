#include "rtc/sdp/sdp_codec.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

TEST(SdpCodec, ReadsFmtpParameters) {
  const SdpCodec c{97, "rtx", 90000, 0, " apt = 96 ; rtx-time=3000", {}};
  EXPECT_EQ(c.fmtp_parameter("APT"), "96");
  EXPECT_EQ(c.fmtp_parameter("rtx-time"), "3000");
  EXPECT_EQ(c.fmtp_parameter("missing"), std::nullopt);
  EXPECT_EQ(c.rtx_apt(), 96);
  EXPECT_EQ((SdpCodec{97, "rtx", 90000, 0, "apt=300", {}}.rtx_apt()), std::nullopt);
  EXPECT_EQ((SdpCodec{96, "VP8", 90000, 0, "apt=1", {}}.rtx_apt()), std::nullopt);
}

TEST(SdpCodec, ComparesNamesCaseInsensitively) {
  const SdpCodec c{96, "VP8", 90000, 0, "", {"nack pli"}};
  EXPECT_TRUE(c.is("vp8"));
  EXPECT_FALSE(c.is("vp9"));
  EXPECT_TRUE(c.has_rtcp_fb("nack pli"));
  EXPECT_FALSE(c.has_rtcp_fb("nack"));
}

}  // namespace
}  // namespace meet::rtc
