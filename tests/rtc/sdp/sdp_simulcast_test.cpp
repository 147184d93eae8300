#include "rtc/sdp/sdp_simulcast.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

TEST(SdpSimulcast, ParsesSendRecvAlternativesAndPaused) {
  const auto sc = SdpSimulcast::parse("send 1,~4;2;3 recv c");
  ASSERT_TRUE(sc.has_value());
  ASSERT_EQ(sc->send.size(), 3u);
  EXPECT_EQ(sc->send[0], (SdpSimulcastStream{{"1", false}, {"4", true}}));
  EXPECT_EQ(sc->recv, (std::vector<SdpSimulcastStream>{{{"c", false}}}));
  EXPECT_EQ(sc->to_string(), "send 1,~4;2;3 recv c");
}

TEST(SdpSimulcast, RejectsMalformedValues) {
  for (const char* bad :
       {"", "send", "send h;m;l recv", "send h send m", "sideways h", "send h;;m", "send h,",
        "send ~", "send h!", "recv a recv b", "send h recv m extra words"}) {
    EXPECT_FALSE(SdpSimulcast::parse(bad).has_value()) << bad;
  }
}

TEST(SdpSimulcast, ChecksRidIdGrammar) {
  EXPECT_TRUE(is_valid_rid_id("hi-res_1"));
  EXPECT_FALSE(is_valid_rid_id(""));
  EXPECT_FALSE(is_valid_rid_id("a.b"));
  EXPECT_FALSE(is_valid_rid_id(std::string(33, 'a')));
}

}  // namespace
}  // namespace meet::rtc
