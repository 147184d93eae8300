#include "rtc/sdp/server_capabilities.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

struct CodecCase {
  const char* kind;
  SdpCodec codec;
  bool supported;
};

class ServerCodecSupport : public ::testing::TestWithParam<CodecCase> {};

TEST_P(ServerCodecSupport, MatchesDefaults) {
  const CodecCase& c = GetParam();
  EXPECT_EQ(ServerCapabilities{}.supports_codec(c.kind, c.codec), c.supported)
      << c.kind << " " << c.codec.name << " " << c.codec.fmtp;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ServerCodecSupport,
    ::testing::Values(
        CodecCase{"audio", {111, "opus", 48000, 2, "minptime=10;useinbandfec=1", {}}, true},
        CodecCase{"audio", {109, "OPUS", 48000, 2, "", {}}, true},
        CodecCase{"audio", {111, "opus", 48000, 1, "", {}}, false},
        CodecCase{"audio", {111, "opus", 16000, 2, "", {}}, false},
        CodecCase{"audio", {0, "PCMU", 8000, 0, "", {}}, false},
        CodecCase{"video", {111, "opus", 48000, 2, "", {}}, false},
        CodecCase{"audio", {96, "VP8", 90000, 0, "", {}}, false},
        CodecCase{"video", {96, "VP8", 90000, 0, "", {}}, true},
        CodecCase{"video", {96, "VP8", 8000, 0, "", {}}, false},
        CodecCase{"video", {98, "VP9", 90000, 0, "", {}}, true},
        CodecCase{"video", {98, "VP9", 90000, 0, "profile-id=0", {}}, true},
        CodecCase{"video", {100, "VP9", 90000, 0, "profile-id=2", {}}, true},
        CodecCase{"video", {100, "VP9", 90000, 0, "profile-id=1", {}}, false},
        CodecCase{"video",
                  {108,
                   "H264",
                   90000,
                   0,
                   "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                   {}},
                  true},
        CodecCase{"video",
                  {114,
                   "H264",
                   90000,
                   0,
                   "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f",
                   {}},
                  false},
        CodecCase{"video", {114, "H264", 90000, 0, "profile-level-id=42e01f", {}}, false},
        CodecCase{"video", {45, "AV1", 90000, 0, "", {}}, false},
        CodecCase{"video", {97, "rtx", 90000, 0, "apt=96", {}}, false},
        CodecCase{"video", {118, "red", 90000, 0, "", {}}, false}));

TEST(ServerCapabilities, ListsFeedbackAndExtensions) {
  const ServerCapabilities caps;
  EXPECT_TRUE(caps.supports_feedback("nack pli"));
  EXPECT_FALSE(caps.supports_feedback("nack sli"));
  EXPECT_TRUE(caps.supports_extension(kExtmapUriTransportCc));
  EXPECT_FALSE(caps.supports_extension("urn:ietf:params:rtp-hdrext:toffset"));
}

}  // namespace
}  // namespace meet::rtc
