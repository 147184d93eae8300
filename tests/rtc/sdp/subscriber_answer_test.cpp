#include "rtc/sdp/subscriber_answer.hpp"

#include <gtest/gtest.h>

#include "rtc/sdp/sdp_fixtures.hpp"
#include "rtc/sdp/sdp_test_util.hpp"

namespace meet::rtc {
namespace {

using test::drop_lines;
using test::parse_or_fail;
using test::read_sdp_fixture;
using test::replace_all;

const std::string kFirefoxAnswer = read_sdp_fixture("firefox_sub_answer.sdp");

TEST(SubscriberAnswer, ReadsFirefoxAnswer) {
  const auto r = read_subscriber_answer(parse_or_fail(kFirefoxAnswer));
  ASSERT_TRUE(r.ok()) << to_string(r.error().code);
  const SubscriberAnswerInfo& info = r.value();
  EXPECT_EQ(info.remote.ice_ufrag, "a6daa60b");
  EXPECT_EQ(info.remote.ice_pwd, "cc136bd37d8be745420fcc1c349b3cfa");
  EXPECT_EQ(info.remote.setup, "active");
  EXPECT_EQ(info.remote.fingerprint.value.substr(0, 8), "08:8B:CE");
  ASSERT_EQ(info.media.size(), 2u);
  const SubscribedMediaAnswer* audio = info.find("0");
  ASSERT_NE(audio, nullptr);
  EXPECT_TRUE(audio->accepted);
  EXPECT_EQ(audio->direction, SdpDirection::kRecvOnly);
  EXPECT_EQ(audio->payload_types, (std::vector<uint8_t>{111}));
  EXPECT_EQ(audio->extmap_ids, (HeaderExtensionIds{4, 0, 0, 0, 0, 1}));
  const SubscribedMediaAnswer* video = info.find("1");
  ASSERT_NE(video, nullptr);
  EXPECT_EQ(video->payload_types, (std::vector<uint8_t>{96, 97}));
  EXPECT_EQ(video->extmap_ids, (HeaderExtensionIds{4, 0, 0, 2, 3, 0}));
  EXPECT_EQ(info.find("2"), nullptr);
}

TEST(SubscriberAnswer, AcceptsPassiveAndMakesUsTheDtlsClient) {
  // RFC 5763 section 5: an answer to actpass may take either role.
  auto r = read_subscriber_answer(
      parse_or_fail(replace_all(kFirefoxAnswer, "a=setup:active", "a=setup:passive")));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->we_are_dtls_client());
  auto active = read_subscriber_answer(parse_or_fail(kFirefoxAnswer));
  ASSERT_TRUE(active.ok());
  EXPECT_FALSE(active->we_are_dtls_client());
}

TEST(SubscriberAnswer, ReportsRejectedSection) {
  std::string text = replace_all(kFirefoxAnswer, "m=video 59164", "m=video 0");
  text = replace_all(text, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
  const auto r = read_subscriber_answer(parse_or_fail(text));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().find("0")->accepted);
  EXPECT_FALSE(r.value().find("1")->accepted);
  EXPECT_TRUE(r.value().find("1")->payload_types.empty());
}

TEST(SubscriberAnswer, LowerCaseFingerprintIsNormalized) {
  const auto r =
      read_subscriber_answer(parse_or_fail(replace_all(kFirefoxAnswer, "08:8B:CE", "08:8b:ce")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().remote.fingerprint.value.substr(0, 8), "08:8B:CE");
}

struct BadAnswer {
  const char* name;
  std::string text;
  SdpErrorCode code;
};

class BadSubscriberAnswer : public ::testing::TestWithParam<BadAnswer> {};

TEST_P(BadSubscriberAnswer, IsRefused) {
  const auto r = read_subscriber_answer(parse_or_fail(GetParam().text));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(to_string(r.error().code), to_string(GetParam().code));
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadSubscriberAnswer,
    ::testing::Values(
        BadAnswer{"NoBundle", drop_lines(kFirefoxAnswer, "a=group"), SdpErrorCode::kNotBundled},
        BadAnswer{"SetupActpass", replace_all(kFirefoxAnswer, "a=setup:active", "a=setup:actpass"),
                  SdpErrorCode::kBadSetup},
        BadAnswer{"NoFingerprint", drop_lines(kFirefoxAnswer, "a=fingerprint"),
                  SdpErrorCode::kMissingFingerprint},
        BadAnswer{"NoUfrag", drop_lines(kFirefoxAnswer, "a=ice-ufrag"),
                  SdpErrorCode::kMissingIceCredentials},
        BadAnswer{"NoRtcpMux", drop_lines(kFirefoxAnswer, "a=rtcp-mux"), SdpErrorCode::kNoRtcpMux},
        BadAnswer{"VideoWithoutMid", drop_lines(kFirefoxAnswer, "a=mid:1"),
                  SdpErrorCode::kMissingMid}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace meet::rtc
