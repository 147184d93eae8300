// The SDP the engine is described by promises only what it does: every RTCP feedback and
// header extension in a publish answer to a real browser offer is one the engine implements.
#include "engine/media_capabilities.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "rtc/sdp/publish_answer.hpp"
#include "rtc/sdp/sdp_fixtures.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::engine {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

class PublishAnswerPromises : public ::testing::TestWithParam<const char*> {};

TEST_P(PublishAnswerPromises, OnlyWhatTheEngineDoes) {
  auto offer = rtc::SessionDescription::parse(rtc::test::read_sdp_fixture(GetParam()));
  ASSERT_TRUE(offer.ok());
  rtc::LocalTransportParams local{"ufrag123",
                                  "passwordpasswordpassword",
                                  "AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:"
                                  "AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB",
                                  {}};
  auto answer = rtc::answer_publish_offer(offer.value(), local, publish_capabilities());
  ASSERT_TRUE(answer.ok());
  auto parsed = rtc::SessionDescription::parse(answer->sdp);
  ASSERT_TRUE(parsed.ok());
  bool video_has_twcc = false;
  bool answered_simulcast = false;
  for (const auto& m : parsed->media) {
    for (const auto& c : m.codecs) {
      for (const auto& fb : c.rtcp_fb) {
        EXPECT_TRUE(contains(publisher_feedback(), fb)) << "answer promises a=rtcp-fb " << fb;
        if (m.kind == "video" && fb == "transport-cc") video_has_twcc = true;
      }
    }
    for (const auto& e : m.extmaps) {
      EXPECT_TRUE(contains(publisher_extensions(), e.uri)) << "answer promises a=extmap " << e.uri;
    }
    if (m.kind == "video" && !m.simulcast.empty()) answered_simulcast = true;
  }
  // A simulcast offer is answered with a=simulcast:recv: the engine forwards one layer each.
  EXPECT_EQ(answered_simulcast, std::string(GetParam()).find("simulcast") != std::string::npos);
  // Both browsers offer transport-cc; the engine answers it because it sends the feedback.
  EXPECT_TRUE(video_has_twcc);
}

INSTANTIATE_TEST_SUITE_P(Browsers, PublishAnswerPromises,
                         ::testing::Values("chromium_offer.sdp", "firefox_offer.sdp",
                                           "chromium_simulcast_offer.sdp",
                                           "firefox_simulcast_offer.sdp"));

TEST(SubscriberFeedback, KeepsOnlyWhatTheEngineReads) {
  EXPECT_EQ(subscriber_feedback_for({"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}),
            (std::vector<std::string>{"transport-cc", "ccm fir", "nack", "nack pli"}));
}

}  // namespace
}  // namespace meet::engine
