#include "signal/hand_state.hpp"

#include <gtest/gtest.h>

namespace meet::signal {
namespace {

TEST(HandState, KeepsFirstRaiseTimeSoTheQueueOrderHolds) {
  HandState h;
  EXPECT_FALSE(h.raised());
  EXPECT_TRUE(h.set(true, 1000));
  EXPECT_FALSE(h.set(true, 2000));
  EXPECT_EQ(h.raised_at_ms(), 1000);
  EXPECT_TRUE(h.set(false, 3000));
  EXPECT_FALSE(h.set(false, 4000));
  EXPECT_FALSE(h.raised());
  EXPECT_TRUE(h.set(true, 0));
  EXPECT_TRUE(h.raised());
}

TEST(HandState, EventAndParticipantJson) {
  HandState h;
  h.set(true, 1764170000000);
  EXPECT_EQ(h.event_json("p_1"), (nlohmann::json{{"type", "hand"},
                                                 {"participant_id", "p_1"},
                                                 {"raised", true},
                                                 {"raised_at", 1764170000000}}));
  nlohmann::json p{{"id", "p_1"}};
  h.annotate(p);
  EXPECT_EQ(p["hand_raised_at"], 1764170000000);
  h.set(false, 5);
  EXPECT_EQ(h.event_json("p_1"),
            (nlohmann::json{{"type", "hand"}, {"participant_id", "p_1"}, {"raised", false}}));
  nlohmann::json q{{"id", "p_1"}};
  h.annotate(q);
  EXPECT_FALSE(q.contains("hand_raised_at"));
}

TEST(HandState, PermissionTable) {
  struct Case {
    bool own, moderator, feature, raising;
    const char* want;
  };
  const Case cases[] = {
      {true, false, true, true, ""},               // own hand up
      {true, false, true, false, ""},              // own hand down
      {false, true, true, false, ""},              // a moderator lowers someone's hand
      {false, true, true, true, "not_allowed"},    // nobody raises someone else's
      {false, false, true, false, "not_allowed"},  // a guest cannot lower others'
      {true, true, false, true, "not_allowed"},    // feature off
  };
  for (const auto& c : cases) {
    const auto err = hand_permission(c.own, c.moderator, c.feature, c.raising);
    EXPECT_EQ(err ? to_string(*err) : "", c.want) << c.own << c.moderator << c.feature << c.raising;
  }
}

}  // namespace
}  // namespace meet::signal
