// Moderation reaches the person (issue 18, item 3): a moderator's or the API's mute is sent to
// the muted participant too, and unmuting stays the participant's own act.
#include <gtest/gtest.h>

#include "signal/session_harness.hpp"

namespace meet::signal::test {
namespace {

using nlohmann::json;

class SessionModeration : public ::testing::Test {
 protected:
  void SetUp() override {
    mod_ = &h_.join("room-m", "mod", /*moderator=*/true);
    guest_ = &h_.join("room-m", "guest");
    ASSERT_FALSE(guest_->joined.is_null()) << guest_->ws->sent.back();
    audio_ = SessionHarness::track_of_kind(SessionHarness::publish(*guest_), "audio");
    ASSERT_FALSE(audio_.empty());
  }

  // The guest's audio track as the room shows it.
  bool guest_audio_muted() {
    for (const auto& p : h_.rooms().participants("room-m")) {
      for (const auto& t : p.tracks) {
        if (t.id == audio_) return t.muted;
      }
    }
    ADD_FAILURE() << "no track " << audio_;
    return false;
  }

  SessionHarness h_;
  Client* mod_ = nullptr;
  Client* guest_ = nullptr;
  std::string audio_;
};

TEST_F(SessionModeration, ModeratorMuteReachesTheMutedParticipant) {
  mod_->say({{"type", "mute_participant"},
             {"id", 5},
             {"participant_id", guest_->pid()},
             {"track_id", audio_}});
  ASSERT_EQ(mod_->ws->sent.back(), (json{{"type", "ok"}, {"id", 5}}));
  auto muted = guest_->ws->of_type("track_muted");
  ASSERT_EQ(muted.size(), 1u);
  EXPECT_EQ(muted[0]["track_id"], audio_);
  EXPECT_EQ(muted[0]["muted"], true);
  EXPECT_EQ(muted[0]["by"], mod_->pid());
  EXPECT_TRUE(guest_audio_muted());
}

TEST_F(SessionModeration, ApiMuteReachesTheMutedParticipant) {
  ASSERT_TRUE(h_.rooms().set_track_muted("room-m", guest_->pid(), audio_, true));
  auto muted = guest_->ws->of_type("track_muted");
  ASSERT_EQ(muted.size(), 1u);
  EXPECT_EQ(muted[0]["by"], "api");
  EXPECT_EQ(mod_->ws->of_type("track_muted").size(), 1u);
  EXPECT_TRUE(guest_audio_muted());
}

TEST_F(SessionModeration, ApiUnmuteOnlyAsksTheParticipant) {
  ASSERT_TRUE(h_.rooms().set_track_muted("room-m", guest_->pid(), audio_, true));
  ASSERT_TRUE(h_.rooms().set_track_muted("room-m", guest_->pid(), audio_, false));
  EXPECT_TRUE(guest_audio_muted()) << "the API unmuted a microphone without its owner";
  auto asked = guest_->ws->of_type("unmute_requested");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0]["track_id"], audio_);
  EXPECT_EQ(asked[0]["by"], "api");
  EXPECT_TRUE(mod_->ws->of_type("unmute_requested").empty()) << "a request goes to the owner only";
  EXPECT_EQ(mod_->ws->of_type("track_muted").size(), 1u) << "nobody is told of an unmute";
}

TEST_F(SessionModeration, ModeratorCanOnlyAskToUnmute) {
  mod_->say(
      {{"type", "mute_participant"}, {"participant_id", guest_->pid()}, {"track_id", audio_}});
  mod_->say({{"type", "mute_participant"},
             {"id", 6},
             {"participant_id", guest_->pid()},
             {"track_id", audio_},
             {"muted", false}});
  EXPECT_EQ(mod_->ws->sent.back(), (json{{"type", "ok"}, {"id", 6}}));
  EXPECT_TRUE(guest_audio_muted());
  auto asked = guest_->ws->of_type("unmute_requested");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0]["by"], mod_->pid());
}

TEST_F(SessionModeration, OwnerUnmutesAndEveryoneSeesIt) {
  ASSERT_TRUE(h_.rooms().set_track_muted("room-m", guest_->pid(), audio_, true));
  guest_->say({{"type", "mute"}, {"id", 9}, {"track_id", audio_}, {"muted", false}});
  EXPECT_EQ(guest_->ws->sent.back(), (json{{"type", "ok"}, {"id", 9}}));
  EXPECT_FALSE(guest_audio_muted());
  auto seen = mod_->ws->of_type("track_muted");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1]["muted"], false);
  EXPECT_FALSE(seen[1].contains("by"));
}

TEST_F(SessionModeration, MuteStateSurvivesRenegotiation) {
  ASSERT_TRUE(h_.rooms().set_track_muted("room-m", guest_->pid(), audio_, true));
  SessionHarness::publish(*guest_);  // the same offer again: a renegotiation
  EXPECT_TRUE(guest_audio_muted());
}

TEST_F(SessionModeration, GuestCannotMuteOthers) {
  guest_->say({{"type", "mute_participant"},
               {"id", 3},
               {"participant_id", mod_->pid()},
               {"track_id", audio_}});
  EXPECT_EQ(guest_->ws->sent.back()["code"], "not_allowed");
  EXPECT_FALSE(guest_audio_muted());
}

TEST_F(SessionModeration, AfterARemovalNewcomersKnockAndTheRemovedIdentityIsRefused) {
  auto& stayer = h_.join("room-m", "stayer");
  ASSERT_FALSE(stayer.joined.is_null());
  mod_->say({{"type", "remove_participant"}, {"id", 6}, {"participant_id", guest_->pid()}});
  ASSERT_EQ(mod_->ws->sent.back(), (json{{"type", "ok"}, {"id", 6}}));
  // The same identity: refused outright.
  auto& again = h_.join("room-m", "guest");
  EXPECT_EQ(again.ws->sent.back()["code"], "removed");
  // A new identity (an open link hands out one per join) may be the same person: it waits.
  auto& newcomer = h_.join("room-m", "fresh-identity");
  EXPECT_TRUE(newcomer.joined.is_null());
  ASSERT_EQ(newcomer.ws->of_type("lobby").size(), 1u);
  ASSERT_EQ(mod_->ws->of_type("lobby_request").size(), 1u);
  // Someone already in the room reloading its page comes straight back (replacement).
  auto& reloaded = h_.join("room-m", "stayer");
  EXPECT_FALSE(reloaded.joined.is_null()) << reloaded.ws->sent.back();
  // A moderator still enters directly and can admit the newcomer.
  auto& mod2 = h_.join("room-m", "mod2", /*moderator=*/true);
  ASSERT_FALSE(mod2.joined.is_null());
  const std::string waiting = newcomer.ws->of_type("lobby")[0]["participant"]["id"];
  mod_->say({{"type", "admit"}, {"id", 7}, {"participant_id", waiting}});
  ASSERT_EQ(newcomer.ws->of_type("joined").size(), 1u);
}

// Removals the store remembers (sessions it closed "removed") keep the identity out of an API
// meeting although this server's registry never saw them: after a restart, or once the room
// had emptied.
TEST(SessionRemovalFromStore, RemovedIdentityIsRefusedAndNewcomersKnock) {
  SessionHarness h;
  h.admission.removed_identities = {"mallory"};
  auto ask = [&](const std::string& identity, bool moderator) -> Client& {
    auto& c = h.connect();
    c.say({{"type", "join"},
           {"id", 1},
           {"token", SessionHarness::token("room-api", identity, moderator, "tenant-1")}});
    return c;
  };
  auto& mod = ask("host", true);
  ASSERT_EQ(mod.ws->of_type("joined").size(), 1u) << mod.ws->sent.back();
  auto& mallory = ask("mallory", false);
  EXPECT_EQ(mallory.ws->sent.back()["code"], "removed");
  EXPECT_TRUE(mallory.ws->closed);
  auto& newcomer = ask("neo", false);
  EXPECT_TRUE(newcomer.ws->of_type("joined").empty());
  EXPECT_EQ(newcomer.ws->of_type("lobby").size(), 1u);
}

// A room's own removals end with it: a development room (no store) that emptied starts over.
TEST(SessionRemovalFromStore, RemovalsOfAnEmptiedRoomAreForgotten) {
  SessionHarness h;
  auto& mod = h.join("room-dev", "host", true);
  auto& guest = h.join("room-dev", "guest");
  mod.say({{"type", "remove_participant"}, {"id", 2}, {"participant_id", guest.pid()}});
  EXPECT_EQ(h.join("room-dev", "guest").ws->sent.back()["code"], "removed");
  mod.say({{"type", "leave"}});
  EXPECT_EQ(h.rooms().participant_count("room-dev"), 0u);
  EXPECT_FALSE(h.rooms().had_removal("room-dev"));
  EXPECT_FALSE(h.join("room-dev", "guest").joined.is_null());
}

TEST_F(SessionModeration, WithoutARemovalNewcomersEnterDirectly) {
  auto& newcomer = h_.join("room-m", "fresh-identity");
  EXPECT_FALSE(newcomer.joined.is_null());
  EXPECT_TRUE(newcomer.ws->of_type("lobby").empty());
}

}  // namespace
}  // namespace meet::signal::test
