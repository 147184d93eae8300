// Resume within a grace period (docs/protocol.md "Reconnecting"): a participant outlives its
// socket, a reconnecting client takes it back with the same id, and the others see nothing.
#include <gtest/gtest.h>

#include "signal/session_harness.hpp"

namespace meet::signal::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class SessionResume : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_ = &h_.join("room-r", "alice");
    bob_ = &h_.join("room-r", "bob");
    ASSERT_FALSE(bob_->joined.is_null());
    ASSERT_EQ(bob_->joined["resume"]["grace_s"], 20);
  }
  std::string resume_token(const Client& c) const { return c.joined["resume"]["token"]; }
  size_t seen_by_alice(const std::string& type) const { return alice_->ws->of_type(type).size(); }

  SessionHarness h_;
  Client* alice_ = nullptr;
  Client* bob_ = nullptr;
};

TEST_F(SessionResume, DroppedSocketResumesAsTheSameParticipant) {
  const auto answer = SessionHarness::publish(*bob_);
  bob_->drop();
  EXPECT_EQ(h_.rooms().participant_count("room-r"), 2u) << "bob left at the drop";
  auto& back = h_.join("room-r", "bob", false, resume_token(*bob_));
  ASSERT_FALSE(back.joined.is_null()) << back.ws->sent.back();
  EXPECT_EQ(back.joined["resumed"], true);
  EXPECT_EQ(back.pid(), bob_->pid());
  EXPECT_NE(back.joined["resume"]["token"], resume_token(*bob_)) << "a resume token works once";
  EXPECT_EQ(back.joined["room"]["participants"].size(), 1u);
  // The same offer again (same mids): the same track ids, nothing announced to the others.
  const auto again = SessionHarness::publish(back);
  EXPECT_EQ(again["tracks"], answer["tracks"]);
  EXPECT_EQ(seen_by_alice("participant_left"), 0u);
  EXPECT_EQ(seen_by_alice("participant_joined"), 1u) << "only bob's first join";
  EXPECT_EQ(seen_by_alice("track_unpublished"), 0u);
  EXPECT_EQ(seen_by_alice("track_published"), 2u) << "only the first publish";
  // The resumed participant is reachable through the new socket.
  alice_->say({{"type", "chat"}, {"id", 4}, {"text", "welcome back"}});
  EXPECT_EQ(back.ws->of_type("chat").size(), 1u);
}

TEST_F(SessionResume, GracePeriodOverTheParticipantLeaves) {
  h_.env().resume_grace = 30ms;
  bob_->drop();
  EXPECT_EQ(seen_by_alice("participant_left"), 0u);
  h_.run_for(200ms);
  ASSERT_EQ(seen_by_alice("participant_left"), 1u);
  EXPECT_EQ(h_.rooms().participant_count("room-r"), 1u);
  // Too late: a fresh participant.
  auto& late = h_.join("room-r", "bob", false, resume_token(*bob_));
  EXPECT_EQ(late.joined["resumed"], false);
  EXPECT_NE(late.pid(), bob_->pid());
}

TEST_F(SessionResume, ResumeWhileTheOldSocketLooksOpenSupersedesIt) {
  auto& back = h_.join("room-r", "bob", false, resume_token(*bob_));
  ASSERT_EQ(back.joined["resumed"], true);
  auto gone = bob_->ws->of_type("disconnected");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0]["reason"], "resumed");
  EXPECT_TRUE(bob_->ws->closed);
  // The old socket's close arrives later: it no longer reaches the participant.
  bob_->handler->on_close();
  EXPECT_EQ(h_.rooms().participant_count("room-r"), 2u);
  EXPECT_EQ(seen_by_alice("participant_left"), 0u);
  // The new socket dropping starts the grace period again.
  h_.env().resume_grace = 30ms;
  back.drop();
  h_.run_for(200ms);
  EXPECT_EQ(seen_by_alice("participant_left"), 1u);
}

TEST_F(SessionResume, AnotherIdentityCannotTakeTheParticipant) {
  bob_->drop();
  auto& thief = h_.join("room-r", "mallory", false, resume_token(*bob_));
  EXPECT_EQ(thief.joined["resumed"], false);
  EXPECT_NE(thief.pid(), bob_->pid());
  // The token was spent on the refused try: bob's own resume now joins afresh and replaces.
  auto& back = h_.join("room-r", "bob", false, resume_token(*bob_));
  EXPECT_EQ(back.joined["resumed"], false);
  EXPECT_EQ(h_.rooms().participant_count("room-r"), 3u);
}

TEST_F(SessionResume, LeaveEndsTheParticipantAtOnce) {
  bob_->say({{"type", "leave"}});
  bob_->handler->on_close();
  EXPECT_EQ(seen_by_alice("participant_left"), 1u);
  auto& back = h_.join("room-r", "bob", false, resume_token(*bob_));
  EXPECT_EQ(back.joined["resumed"], false);
}

// A page that closes (tab closed or reloaded) drops its socket and then ends its DTLS
// association: the engine reports the transport closed by the peer.
void page_closed(Client& c) {
  c.drop();
  c.session->on_transport_failed(engine::TransportKind::kPublisher,
                                 engine::TransportFailure::kClosedByPeer);
}

TEST_F(SessionResume, ClosedPageAmongOthersLeavesAtOnce) {
  page_closed(*bob_);
  EXPECT_EQ(seen_by_alice("participant_left"), 1u) << "alice would watch a frozen tile";
  EXPECT_EQ(h_.rooms().participant_count("room-r"), 1u);
}

TEST(SessionReload, ClosedPageWhileAloneWaitsSoAReloadKeepsTheRoomAndItsChat) {
  SessionHarness h;
  auto& first = h.join("room-solo", "solo");
  first.say({{"type", "chat"}, {"id", 3}, {"text", "note to self"}});
  page_closed(first);
  EXPECT_EQ(h.rooms().participant_count("room-solo"), 1u) << "the room ended at the close";
  // The reloaded page joins again with the same token (no resume token: it was in memory).
  auto& reloaded = h.join("room-solo", "solo");
  ASSERT_FALSE(reloaded.joined.is_null()) << reloaded.ws->sent.back();
  EXPECT_NE(reloaded.pid(), first.pid());
  const auto chat = reloaded.joined["room"]["chat"];
  ASSERT_EQ(chat.size(), 1u);
  EXPECT_EQ(chat[0]["text"], "note to self");
  EXPECT_EQ(h.rooms().participant_count("room-solo"), 1u);
}

TEST(SessionReload, ClosedPageAloneAndNeverBackLeavesAfterTheGracePeriod) {
  SessionHarness h;
  h.env().resume_grace = 30ms;
  auto& first = h.join("room-gone", "solo");
  page_closed(first);
  EXPECT_EQ(h.rooms().participant_count("room-gone"), 1u);
  h.run_for(200ms);
  EXPECT_EQ(h.rooms().participant_count("room-gone"), 0u);
}

TEST_F(SessionResume, ZeroGraceLeavesAtTheDrop) {
  h_.env().resume_grace = 0ms;
  bob_->drop();
  EXPECT_EQ(seen_by_alice("participant_left"), 1u);
}

TEST_F(SessionResume, ResumeResendsTheSubscriberOffer) {
  SessionHarness::publish(*alice_);
  ASSERT_EQ(bob_->ws->of_type("offer").size(), 1u);
  bob_->drop();
  auto& back = h_.join("room-r", "bob", false, resume_token(*bob_));
  auto offers = back.ws->of_type("offer");
  ASSERT_EQ(offers.size(), 1u) << "the outstanding offer went to the old socket";
  EXPECT_EQ(offers[0]["tracks"].size(), 2u);
}

}  // namespace
}  // namespace meet::signal::test

namespace meet::signal::test {
namespace {

// As in the server: once the socket is gone, its handler (the only owner of the session)
// goes too. The suspended session must outlive it until the grace period ends.
TEST(SessionSuspended, OutlivesItsHandlerUntilTheGracePeriodEnds) {
  SessionHarness h;
  h.env().resume_grace = std::chrono::milliseconds(50);
  auto& alice = h.join("room-g", "alice");
  auto& bob = h.join("room-g", "bob");
  const auto bob_pid = bob.pid();
  bob.drop();
  std::weak_ptr<Session> weak = bob.session;
  bob.handler.reset();
  bob.session.reset();
  ASSERT_FALSE(weak.expired()) << "the suspended session was freed with its handler";
  // The room still reaches bob's session while it is suspended.
  ASSERT_FALSE(SessionHarness::publish(alice).is_null());
  EXPECT_EQ(h.rooms().participant_count("room-g"), 2u);
  h.run_for(std::chrono::milliseconds(200));
  EXPECT_EQ(h.rooms().participant_count("room-g"), 1u);
  bool left = false;
  for (const auto& m : alice.ws->of_type("participant_left"))
    left |= m["participant_id"] == bob_pid;
  EXPECT_TRUE(left);
  EXPECT_TRUE(weak.expired()) << "the session outlived its grace period";
}

}  // namespace
}  // namespace meet::signal::test
