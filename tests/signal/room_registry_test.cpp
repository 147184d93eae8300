#include "signal/room_registry.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace meet::signal {
namespace {

using engine::DisconnectReason;

// Records what the platform would see: sessions, webhooks, meeting state.
class RecordingObserver : public engine::RoomObserver {
 public:
  void on_room_started(const std::string& room) override { events.push_back("started " + room); }
  void on_room_finished(const std::string& room) override { events.push_back("finished " + room); }
  void on_participant_joined(const std::string& room, const engine::ParticipantInfo& p) override {
    events.push_back("joined " + p.id);
  }
  void on_participant_left(const std::string& room, const engine::ParticipantInfo& p,
                           DisconnectReason why) override {
    events.push_back("left " + p.id + " " + engine::to_string(why));
  }
  std::vector<std::string> events;
};

// A member that behaves like a Session towards the registry: disconnect() leaves the room
// synchronously, before returning.
class FakeMember : public RoomMember {
 public:
  FakeMember(RoomRegistry& rooms, std::string room, std::string pid, std::string identity)
      : rooms_(rooms),
        room_(std::move(room)),
        pid_(std::move(pid)),
        identity_(std::move(identity)) {}

  const std::string& participant_id() const override { return pid_; }
  const std::string& identity() const override { return identity_; }
  engine::ParticipantInfo info() const override { return {pid_, identity_, identity_, 0, {}}; }
  bool is_moderator() const override { return false; }
  nlohmann::json participant_json() const override { return {{"id", pid_}}; }
  std::vector<const PublishedTrack*> published_tracks() const override { return {}; }
  void send_text(const std::string& text) override { received.push_back(text); }
  void disconnect(DisconnectReason why) override {
    if (disconnected) return;
    disconnected = true;
    reason = why;
    rooms_.leave(room_, *this, why);
  }
  void refresh_subscriptions() override { ++refreshes; }
  bool mute_by_moderator(const std::string&, const std::string&) override { return false; }
  bool request_unmute(const std::string&, const std::string&) override { return false; }

  std::string join() {
    auto refused = rooms_.join(room_, *this);
    return refused ? std::string(to_string(*refused)) : "";
  }

  std::vector<std::string> received;
  bool disconnected = false;
  DisconnectReason reason = DisconnectReason::kLeft;
  int refreshes = 0;

 private:
  RoomRegistry& rooms_;
  std::string room_, pid_, identity_;
};

ChatLine chat(const std::string& text) {
  return ChatLine{"msg_1", "p_a", "alice", "Alice", text, 1};
}

class RoomRegistryTest : public ::testing::Test {
 protected:
  RecordingObserver observer;
  RoomRegistry rooms{&observer};
};

TEST_F(RoomRegistryTest, FirstJoinStartsTheRoom) {
  FakeMember alice(rooms, "r", "p_a", "alice");
  EXPECT_EQ(alice.join(), "");
  EXPECT_EQ(rooms.participant_count("r"), 1u);
  EXPECT_EQ(rooms.find("r", "p_a"), &alice);
  EXPECT_EQ(observer.events, (std::vector<std::string>{"started r", "joined p_a"}));
}

TEST_F(RoomRegistryTest, SecondJoinDoesNotStartTheRoomAgain) {
  FakeMember alice(rooms, "r", "p_a", "alice");
  FakeMember bob(rooms, "r", "p_b", "bob");
  alice.join();
  bob.join();
  EXPECT_EQ(rooms.participant_count("r"), 2u);
  EXPECT_EQ(observer.events, (std::vector<std::string>{"started r", "joined p_a", "joined p_b"}));
}

TEST_F(RoomRegistryTest, ReplacingTheOnlyMemberKeepsTheRoomAndItsChat) {
  auto old_alice = std::make_unique<FakeMember>(rooms, "r", "p_a1", "alice");
  old_alice->join();
  rooms.add_chat("r", chat("hello"));

  FakeMember new_alice(rooms, "r", "p_a2", "alice");
  EXPECT_EQ(new_alice.join(), "");

  EXPECT_TRUE(old_alice->disconnected);
  EXPECT_EQ(old_alice->reason, DisconnectReason::kReplaced);
  old_alice.reset();  // the old socket goes away; nothing may point at it any more
  EXPECT_EQ(rooms.participant_count("r"), 1u);
  EXPECT_EQ(rooms.find("r", "p_a2"), &new_alice);
  EXPECT_EQ(rooms.find("r", "p_a1"), nullptr);
  ASSERT_EQ(rooms.chat_history("r").size(), 1u);
  EXPECT_EQ(rooms.chat_history("r")[0]["text"], "hello");
  EXPECT_EQ(observer.events, (std::vector<std::string>{"started r", "joined p_a1",
                                                       "left p_a1 replaced", "joined p_a2"}));
}

TEST_F(RoomRegistryTest, ReplacingAMemberAmongOthersKeepsTheOthers) {
  FakeMember old_alice(rooms, "r", "p_a1", "alice");
  FakeMember bob(rooms, "r", "p_b", "bob");
  old_alice.join();
  bob.join();
  rooms.add_chat("r", chat("hi bob"));

  FakeMember new_alice(rooms, "r", "p_a2", "alice");
  EXPECT_EQ(new_alice.join(), "");

  EXPECT_TRUE(old_alice.disconnected);
  EXPECT_FALSE(bob.disconnected);
  EXPECT_EQ(rooms.participant_count("r"), 2u);
  EXPECT_EQ(rooms.find("r", "p_b"), &bob);
  EXPECT_EQ(rooms.find("r", "p_a2"), &new_alice);
  EXPECT_EQ(rooms.chat_history("r").size(), 1u);
  EXPECT_EQ(observer.events, (std::vector<std::string>{"started r", "joined p_a1", "joined p_b",
                                                       "left p_a1 replaced", "joined p_a2"}));
}

TEST_F(RoomRegistryTest, ReplacementOnlyTouchesTheSameIdentityInTheSameRoom) {
  FakeMember alice_here(rooms, "r", "p_a1", "alice");
  FakeMember alice_elsewhere(rooms, "s", "p_a2", "alice");
  alice_here.join();
  alice_elsewhere.join();
  FakeMember bob(rooms, "r", "p_b", "bob");
  bob.join();
  EXPECT_FALSE(alice_here.disconnected);
  EXPECT_FALSE(alice_elsewhere.disconnected);
  EXPECT_EQ(rooms.participant_count("r"), 2u);
}

TEST_F(RoomRegistryTest, LastLeaveEndsTheRoomAndDropsItsChat) {
  FakeMember alice(rooms, "r", "p_a", "alice");
  FakeMember bob(rooms, "r", "p_b", "bob");
  alice.join();
  bob.join();
  rooms.add_chat("r", chat("bye"));

  alice.disconnect(DisconnectReason::kLeft);
  EXPECT_EQ(rooms.participant_count("r"), 1u);
  EXPECT_EQ(rooms.chat_history("r").size(), 1u);
  EXPECT_EQ(observer.events.back(), "left p_a left");

  bob.disconnect(DisconnectReason::kTimeout);
  EXPECT_EQ(rooms.participant_count("r"), 0u);
  EXPECT_TRUE(rooms.chat_history("r").empty());
  EXPECT_EQ(observer.events,
            (std::vector<std::string>{"started r", "joined p_a", "joined p_b", "left p_a left",
                                      "left p_b timeout", "finished r"}));
}

TEST_F(RoomRegistryTest, JoinAfterTheRoomEmptiedStartsItAgain) {
  FakeMember alice(rooms, "r", "p_a1", "alice");
  alice.join();
  alice.disconnect(DisconnectReason::kLeft);
  FakeMember again(rooms, "r", "p_a2", "alice");
  again.join();
  EXPECT_EQ(observer.events, (std::vector<std::string>{"started r", "joined p_a1", "left p_a1 left",
                                                       "finished r", "started r", "joined p_a2"}));
}

TEST_F(RoomRegistryTest, LeavingTwiceIsHarmless) {
  FakeMember alice(rooms, "r", "p_a", "alice");
  alice.join();
  rooms.leave("r", alice, DisconnectReason::kLeft);
  rooms.leave("r", alice, DisconnectReason::kLeft);
  EXPECT_EQ(observer.events,
            (std::vector<std::string>{"started r", "joined p_a", "left p_a left", "finished r"}));
}

TEST_F(RoomRegistryTest, EndedRoomRefusesJoins) {
  FakeMember alice(rooms, "r", "p_a", "alice");
  alice.join();
  EXPECT_EQ(rooms.end_room("r"), 1u);
  EXPECT_EQ(alice.reason, DisconnectReason::kRoomEnded);
  FakeMember bob(rooms, "r", "p_b", "bob");
  EXPECT_EQ(bob.join(), "room_closed");
  EXPECT_EQ(rooms.participant_count("r"), 0u);
}

TEST_F(RoomRegistryTest, RemovedIdentityCannotJoinThatRoomAgain) {
  FakeMember bob(rooms, "r1", "p_b", "bob");
  FakeMember carl(rooms, "r1", "p_c", "carl");
  ASSERT_EQ(bob.join(), "");
  ASSERT_EQ(carl.join(), "");
  EXPECT_TRUE(rooms.remove_participant("r1", "p_b"));
  EXPECT_TRUE(bob.disconnected);
  EXPECT_EQ(bob.reason, DisconnectReason::kRemoved);
  FakeMember bob_again(rooms, "r1", "p_b2", "bob");
  EXPECT_EQ(bob_again.join(), "removed");
  FakeMember bob_elsewhere(rooms, "r2", "p_b3", "bob");
  EXPECT_EQ(bob_elsewhere.join(), "");
  EXPECT_FALSE(rooms.remove_participant("r1", "p_nobody"));
}

TEST_F(RoomRegistryTest, BroadcastSkipsTheSender) {
  FakeMember alice(rooms, "r", "p_a", "alice");
  FakeMember bob(rooms, "r", "p_b", "bob");
  alice.join();
  bob.join();
  rooms.broadcast("r", {{"type", "x"}}, "p_a");
  EXPECT_TRUE(alice.received.empty());
  ASSERT_EQ(bob.received.size(), 1u);
}

}  // namespace
}  // namespace meet::signal
