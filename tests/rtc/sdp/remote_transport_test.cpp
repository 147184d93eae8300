#include "rtc/sdp/remote_transport.hpp"

#include <gtest/gtest.h>

#include "rtc/sdp/local_transport_params.hpp"
#include "rtc/sdp/sdp_test_util.hpp"

namespace meet::rtc {
namespace {

TEST(RemoteTransport, ChecksIceCredentialGrammar) {
  EXPECT_TRUE(is_valid_ice_credential("6ed/", 4));
  EXPECT_TRUE(is_valid_ice_credential("+7+3LPhZ4+UXEHZ+xSCJVA", 22));
  EXPECT_FALSE(is_valid_ice_credential("abc", 4));
  EXPECT_FALSE(is_valid_ice_credential("ab-d", 4));
  EXPECT_FALSE(is_valid_ice_credential(std::string(257, 'a'), 4));
}

TEST(RemoteTransport, TagsFirstBundledSectionThatIsNotRejected) {
  const SessionDescription sd = test::parse_or_fail(
      "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 9 a b\r\n"
      "m=audio 0 RTP/SAVPF 0\r\na=mid:a\r\n"
      "m=audio 9 RTP/SAVPF 0\r\na=mid:b\r\n");
  ASSERT_NE(bundle_tagged_media(sd), nullptr);
  EXPECT_EQ(bundle_tagged_media(sd)->mid, "b");
}

TEST(LocalTransportParamsDeathTest, RejectsCandidateWithoutPrefixOrWithLineBreak) {
  LocalTransportParams p = test::local_params();
  check_local_transport_params(p);
  p.candidates = {"a=candidate:1 1 udp 1 192.0.2.1 1 typ host"};
  EXPECT_DEATH(check_local_transport_params(p), "candidate");
  p = test::local_params();
  p.ice_pwd += "\r\na=evil";
  EXPECT_DEATH(check_local_transport_params(p), "line break");
}

}  // namespace
}  // namespace meet::rtc
