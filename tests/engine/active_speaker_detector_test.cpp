#include "engine/active_speaker_detector.hpp"

#include <gtest/gtest.h>

namespace meet::engine {
namespace {

// update() takes a span it may reorder: the tests hand it a fresh vector each time.
struct Detector : ActiveSpeakerDetector {
  bool update(std::vector<SpeakerScore> scores) { return ActiveSpeakerDetector::update(scores); }
};

std::vector<std::string> list(const ActiveSpeakerDetector& d) {
  return {d.speaking().begin(), d.speaking().end()};
}

TEST(ActiveSpeakerDetector, FirstVoiceInAQuietRoomBecomesActiveAtOnce) {
  Detector d;
  EXPECT_FALSE(d.update({{"a", 0.0f}, {"b", 0.05f}}));
  EXPECT_EQ(d.active(), "");
  EXPECT_TRUE(d.update({{"a", 0.6f}, {"b", 0.05f}}));
  EXPECT_EQ(d.active(), "a");
  EXPECT_EQ(list(d), std::vector<std::string>{"a"});
}

TEST(ActiveSpeakerDetector, SwitchesOnlyAfterTheChallengerWinsTwiceInARow) {
  Detector d;
  d.update({{"a", 0.5f}, {"b", 0.0f}});
  d.update({{"a", 0.3f}, {"b", 0.8f}});  // one loud word from b
  EXPECT_EQ(d.active(), "a");
  d.update({{"a", 0.5f}, {"b", 0.1f}});  // a goes on
  d.update({{"a", 0.3f}, {"b", 0.8f}});
  EXPECT_EQ(d.active(), "a") << "the count starts over after an interruption";
  d.update({{"a", 0.3f}, {"b", 0.8f}});
  EXPECT_EQ(d.active(), "b");
}

TEST(ActiveSpeakerDetector, AChallengerNotClearlyLouderDoesNotTakeOver) {
  Detector d;
  d.update({{"a", 0.5f}});
  for (int i = 0; i < 5; ++i) d.update({{"a", 0.5f}, {"b", 0.6f}});
  EXPECT_EQ(d.active(), "a");
  EXPECT_EQ(list(d), (std::vector<std::string>{"b", "a"}));
}

TEST(ActiveSpeakerDetector, SilenceKeepsTheLastSpeaker) {
  Detector d;
  d.update({{"a", 0.5f}, {"b", 0.0f}});
  EXPECT_TRUE(d.update({{"a", 0.0f}, {"b", 0.0f}}));  // the speaking list emptied
  EXPECT_EQ(d.active(), "a");
  EXPECT_TRUE(d.speaking().empty());
  EXPECT_FALSE(d.update({{"a", 0.0f}, {"b", 0.0f}}));
}

TEST(ActiveSpeakerDetector, ASilentActiveSpeakerIsReplacedAfterConfirmation) {
  Detector d;
  d.update({{"a", 0.5f}, {"b", 0.0f}});
  d.update({{"a", 0.0f}, {"b", 0.3f}});
  EXPECT_EQ(d.active(), "a");
  d.update({{"a", 0.0f}, {"b", 0.3f}});
  EXPECT_EQ(d.active(), "b");
}

TEST(ActiveSpeakerDetector, ForgetsAParticipantWhoLeft) {
  Detector d;
  d.update({{"a", 0.5f}, {"b", 0.0f}});
  EXPECT_TRUE(d.update({{"b", 0.0f}}));
  EXPECT_EQ(d.active(), "");
}

TEST(ActiveSpeakerDetector, HearsAtMostTheThreeLoudest) {
  Detector d;
  d.update({{"a", 0.9f}, {"b", 0.8f}, {"c", 0.7f}, {"d", 0.6f}, {"e", 0.0f}});
  EXPECT_EQ(list(d), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(d.is_heard("c"));
  EXPECT_FALSE(d.is_heard("d"));
  EXPECT_FALSE(d.is_heard("e"));
}

}  // namespace
}  // namespace meet::engine
