// The subscriber side of a session (session_subscriber.cpp): an m-line whose track went away
// is kept inactive and, once the client answered it so, carries the next track of its kind.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "signal/session_harness.hpp"

namespace meet::signal::test {
namespace {

using nlohmann::json;

size_t count_mlines(const std::string& sdp) {
  size_t n = 0;
  for (size_t at = sdp.find("\nm="); at != std::string::npos; at = sdp.find("\nm=", at + 1)) ++n;
  return n;
}

class SessionSubscriber : public ::testing::Test {
 protected:
  void SetUp() override { alice_ = &h_.join("room-s", "alice"); }

  // Answers every offer alice has not answered yet (an answer may release the next offer).
  void answer_offers() {
    const auto answer = rtc::test::read_sdp_fixture("firefox_sub_answer.sdp");
    while (answered_ < alice_->ws->of_type("offer").size()) {
      ++answered_;
      alice_->say({{"type", "subscriber_answer"}, {"sdp", answer}});
    }
  }
  json last_offer() const { return alice_->ws->of_type("offer").back(); }

  SessionHarness h_;
  Client* alice_ = nullptr;
  size_t answered_ = 0;
};

TEST_F(SessionSubscriber, PublisherComingAndGoingFiftyTimesKeepsTwoMlines) {
  std::set<std::string> mids;
  for (int i = 0; i < 50; ++i) {
    // alice answers twice a round: stay under the 50 messages a second of docs/protocol.md.
    if (i > 0 && i % 20 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1050));
    auto& bob = h_.join("room-s", "bob" + std::to_string(i));
    ASSERT_FALSE(SessionHarness::publish(bob).is_null());
    answer_offers();
    const auto offer = last_offer();
    ASSERT_EQ(offer["tracks"].size(), 2u) << "iteration " << i;
    for (const auto& t : offer["tracks"]) {
      EXPECT_EQ(t["participant_id"], bob.pid());
      mids.insert(t["mid"]);
    }
    EXPECT_EQ(count_mlines(offer["sdp"]), 2u) << "iteration " << i;
    bob.say({{"type", "leave"}});
    answer_offers();
    EXPECT_TRUE(last_offer()["tracks"].empty()) << "both m-lines inactive after bob left";
  }
  EXPECT_EQ(mids, (std::set<std::string>{"0", "1"}));
  EXPECT_EQ(count_mlines(last_offer()["sdp"]), 2u);
  EXPECT_EQ(alice_->ws->of_type("error").size(), 0u);
}

TEST_F(SessionSubscriber, MlineNotReusedBeforeTheClientAnsweredItInactive) {
  auto& bob = h_.join("room-s", "bob");
  SessionHarness::publish(bob);
  answer_offers();
  bob.say({{"type", "leave"}});  // offer with mids 0 and 1 inactive goes out, not answered yet
  auto& carol = h_.join("room-s", "carol");
  SessionHarness::publish(carol);
  answer_offers();
  const auto offer = last_offer();
  ASSERT_EQ(offer["tracks"].size(), 2u);
  for (const auto& t : offer["tracks"]) {
    EXPECT_EQ(t["participant_id"], carol.pid());
    EXPECT_TRUE(t["mid"] == "2" || t["mid"] == "3") << t;
  }
  // Now mids 0 and 1 were answered inactive: dave takes them.
  carol.say({{"type", "leave"}});
  answer_offers();
  auto& dave = h_.join("room-s", "dave");
  SessionHarness::publish(dave);
  answer_offers();
  const auto reused = last_offer();
  EXPECT_EQ(count_mlines(reused["sdp"]), 4u);
  for (const auto& t : reused["tracks"]) EXPECT_TRUE(t["mid"] == "0" || t["mid"] == "1");
}

TEST_F(SessionSubscriber, ReusedMlineTakesOnlyATrackOfItsKind) {
  auto& bob = h_.join("room-s", "bob");
  const auto answer = SessionHarness::publish(bob);
  answer_offers();
  std::string freed_mid;
  const auto first = last_offer();
  for (const auto& t : first["tracks"]) {
    if (t["kind"] == "audio") freed_mid = t["mid"];
  }
  ASSERT_FALSE(freed_mid.empty());
  const auto audio = SessionHarness::track_of_kind(answer, "audio");
  bob.say({{"type", "unpublish"}, {"id", 3}, {"track_id", audio}});
  answer_offers();
  ASSERT_EQ(last_offer()["tracks"].size(), 1u);
  // carol's camera and microphone: the microphone takes bob's audio m-line, the camera a new one.
  auto& carol = h_.join("room-s", "carol");
  SessionHarness::publish(carol);
  answer_offers();
  const auto offer = last_offer();
  EXPECT_EQ(count_mlines(offer["sdp"]), 3u);
  for (const auto& t : offer["tracks"]) {
    if (t["participant_id"] != carol.pid()) continue;
    EXPECT_EQ(t["mid"], t["kind"] == "audio" ? freed_mid : "2") << t;
  }
}

}  // namespace
}  // namespace meet::signal::test
