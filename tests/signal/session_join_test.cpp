// A join's lookups (token secret, admission, meeting policy) read the database, so they run
// off the control loop: a slow store holds up that join only, never the loop or the room.
// Here the "store thread" is a queue the test runs by hand.
#include <gtest/gtest.h>

#include <deque>
#include <functional>

#include "signal/session_harness.hpp"

namespace meet::signal::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class SessionJoin : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_ = &h_.join("room-j", "alice");  // before the store queue: joined inline
    ASSERT_FALSE(alice_->joined.is_null());
    h_.env().run_off_loop = [this](std::function<void()> job) {
      if (!accept_jobs_) return false;
      store_jobs_.push_back(std::move(job));
      return true;
    };
  }

  // The store answers everything queued; the answers reach the control loop.
  void store_answers() {
    while (!store_jobs_.empty()) {
      auto job = std::move(store_jobs_.front());
      store_jobs_.pop_front();
      job();
    }
    h_.run_for(20ms);
  }

  Client& ask_to_join(const std::string& identity, const std::string& issuer = "") {
    auto& c = h_.connect();
    c.say({{"type", "join"},
           {"id", 1},
           {"token", SessionHarness::token("room-j", identity, false, issuer)}});
    return c;
  }

  SessionHarness h_;
  Client* alice_ = nullptr;
  std::deque<std::function<void()>> store_jobs_;
  bool accept_jobs_ = true;
};

TEST_F(SessionJoin, TheLoopServesOthersWhileAJoinWaitsForTheStore) {
  auto& bob = ask_to_join("bob");
  ASSERT_EQ(store_jobs_.size(), 1u);
  EXPECT_TRUE(bob.ws->of_type("joined").empty()) << "joined before the store answered";
  // Meanwhile the room goes on: alice's ping and chat are answered at once.
  alice_->say({{"type", "ping"}, {"id", 7}});
  EXPECT_EQ(alice_->ws->of_type("pong").size(), 1u);
  alice_->say({{"type", "chat"}, {"id", 8}, {"text", "anyone?"}});
  EXPECT_EQ(alice_->ws->of_type("chat").size(), 1u);
  // A second join on the same socket while the first is being checked is refused.
  bob.say({{"type", "join"}, {"id", 2}, {"token", SessionHarness::token("room-j", "bob")}});
  ASSERT_EQ(bob.ws->of_type("error").size(), 1u);
  EXPECT_EQ(bob.ws->of_type("error")[0]["code"], "already_joined");
  EXPECT_EQ(store_jobs_.size(), 1u);

  store_answers();
  auto joined = bob.ws->of_type("joined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0]["id"], 1);
  EXPECT_EQ(h_.rooms().participant_count("room-j"), 2u);
  EXPECT_EQ(alice_->ws->of_type("participant_joined").size(), 1u);
}

TEST_F(SessionJoin, ASocketClosedBeforeTheAnswerNeverEnters) {
  auto& bob = ask_to_join("bob");
  bob.drop();
  store_answers();
  EXPECT_EQ(h_.rooms().participant_count("room-j"), 1u);
  EXPECT_TRUE(alice_->ws->of_type("participant_joined").empty());
}

TEST_F(SessionJoin, AFullStoreQueueRefusesTheJoinWithRateLimited) {
  accept_jobs_ = false;
  auto& bob = ask_to_join("bob");
  auto errors = bob.ws->of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "rate_limited");
  EXPECT_TRUE(bob.ws->closed);
  EXPECT_EQ(h_.rooms().participant_count("room-j"), 1u);
}

TEST_F(SessionJoin, TheStoresRefusalReachesTheClient) {
  h_.admission = {"room_closed", 0};
  auto& bob = ask_to_join("bob", "tn_1");
  store_answers();
  auto errors = bob.ws->of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "room_closed");
  EXPECT_TRUE(bob.ws->closed);
}

TEST_F(SessionJoin, ABadTokenIsRefusedAfterTheCheck) {
  auto& bob = h_.connect();
  bob.say({{"type", "join"}, {"id", 1}, {"token", "not.a.token"}});
  store_answers();
  auto errors = bob.ws->of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "invalid_token");
  EXPECT_EQ(bob.ws->close_code, 1008);
}

// The participant limit is counted on the loop when the answer comes back, so two joins
// checked at the same time cannot both take the last place.
TEST_F(SessionJoin, TheLastPlaceGoesToOneOfTwoConcurrentJoins) {
  h_.admission = {"", 2};  // alice has one place
  auto& bob = ask_to_join("bob", "tn_1");
  auto& carol = ask_to_join("carol", "tn_1");
  ASSERT_EQ(store_jobs_.size(), 2u);
  store_answers();
  EXPECT_EQ(bob.ws->of_type("joined").size(), 1u);
  auto errors = carol.ws->of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "room_full");
  EXPECT_EQ(h_.rooms().participant_count("room-j"), 2u);
}

}  // namespace
}  // namespace meet::signal::test
