// SubscriberPlan on its own (no session, engine or socket): m-lines per wanted track, their
// reuse once an answer accepted them inactive (RFC 8829 section 5.2.2), one offer outstanding
// at a time, ICE credentials across a restart, and views that arrive before the answer.
#include "signal/subscriber_plan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meet::signal {
namespace {

engine::CodecConfig opus() {
  return {111, "opus", 48000, 2, "minptime=10;useinbandfec=1", {}, {}};
}
engine::CodecConfig vp8() {
  return {96, "VP8", 90000, 0, "", {"nack", "nack pli"}, 97};
}

WantedTracks tracks(const std::vector<std::pair<std::string, std::string>>& ids) {
  WantedTracks out;
  for (const auto& [pub, kind] : ids) {
    out[{pub, pub + "-" + kind}] = WantedTrack{kind, kind == "audio" ? opus() : vp8()};
  }
  return out;
}

// An answer accepting every m-line, with the transport-wide extension on mid "0" only.
rtc::SubscriberAnswerInfo answer_for(const SubscriberPlan& plan) {
  rtc::SubscriberAnswerInfo a;
  a.remote.ice_ufrag = "rUfr";
  a.remote.ice_pwd = "remote-password-22chars";
  for (const auto& s : plan.slots()) {
    rtc::SubscribedMediaAnswer m;
    m.mid = s.mid;
    m.accepted = true;
    m.extmap_ids.transport_cc = s.mid == "0" ? 3 : 0;
    a.media.push_back(m);
  }
  return a;
}

std::vector<std::string> mids_of(const std::vector<engine::SubscriptionConfig>& subs) {
  std::vector<std::string> out;
  for (const auto& s : subs) out.push_back(s.mid + ":" + s.track_id);
  return out;
}

TEST(SubscriberPlan, FirstOfferCarriesEveryTrackAndOneOfferIsOutstandingAtATime) {
  SubscriberPlan plan;
  EXPECT_FALSE(plan.take_offer()) << "nothing wanted, nothing to offer";
  ASSERT_TRUE(plan.update(tracks({{"bob", "audio"}, {"bob", "video"}})));
  auto offer = plan.take_offer();
  ASSERT_TRUE(offer);
  ASSERT_EQ(offer->slots.size(), 2u);
  EXPECT_EQ(offer->slots[0].mid, "0");
  EXPECT_EQ(offer->slots[1].mid, "1");
  EXPECT_FALSE(offer->ice_ufrag.empty());
  const auto version = offer->version;

  EXPECT_TRUE(plan.update(tracks({{"bob", "audio"}, {"bob", "video"}, {"cid", "audio"}})));
  EXPECT_FALSE(plan.take_offer()) << "a second offer while the first is outstanding";
  auto answered = plan.on_answer(answer_for(plan));
  ASSERT_TRUE(answered);
  EXPECT_TRUE(answered->set_transport) << "the first answer sets the transport up";
  EXPECT_EQ(mids_of(answered->subscriptions),
            (std::vector<std::string>{"0:bob-audio", "1:bob-video"}))
      << "cid's track was not offered yet, so its m-line is not answered";
  EXPECT_EQ(answered->subscriptions[0].twcc_extension_id, 3);
  EXPECT_EQ(answered->subscriptions[1].twcc_extension_id, 0);

  auto next = plan.take_offer();
  ASSERT_TRUE(next) << "the change made meanwhile is offered after the answer";
  EXPECT_EQ(next->slots.size(), 3u);
  EXPECT_GT(next->version, version);
  EXPECT_FALSE(plan.update(tracks({{"bob", "audio"}, {"bob", "video"}, {"cid", "audio"}})));
}

TEST(SubscriberPlan, AnswerWithoutAnOfferIsRefused) {
  SubscriberPlan plan;
  rtc::SubscriberAnswerInfo a;
  auto r = plan.on_answer(a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SubscriberPlan::AnswerError::kNoOfferOutstanding);
}

// Which m-line a new track takes, after the one before it went away, by what the client had
// answered when it came.
TEST(SubscriberPlan, MlineIsReusedOnlyByItsKindAndOnlyOnceAnsweredInactive) {
  struct Case {
    const char* name;
    bool answered_inactive;  // the client answered the offer that made bob's m-lines inactive
    const char* newcomer_kind;
    const char* expected_mid;
  };
  const Case cases[] = {
      {"same kind after the inactive answer", true, "video", "1"},
      {"same kind before the inactive answer", false, "video", "2"},
      {"other kind after the inactive answer", true, "screen", "2"},
  };
  for (const auto& c : cases) {
    SubscriberPlan plan;
    plan.update(tracks({{"bob", "audio"}, {"bob", "video"}}));
    plan.take_offer();
    ASSERT_TRUE(plan.on_answer(answer_for(plan)));
    // bob's video goes; its m-line goes inactive.
    plan.update(tracks({{"bob", "audio"}}));
    ASSERT_TRUE(plan.take_offer());
    if (c.answered_inactive) {
      ASSERT_TRUE(plan.on_answer(answer_for(plan)));
    }
    // "screen" is a kind of its own here, to stand for any other kind than video.
    WantedTracks wanted = tracks({{"bob", "audio"}});
    wanted[{"dan", "dan-x"}] = WantedTrack{c.newcomer_kind, vp8()};
    plan.update(wanted);
    std::string mid;
    for (const auto& s : plan.slots()) {
      if (s.track_id == "dan-x") mid = s.mid;
    }
    EXPECT_EQ(mid, c.expected_mid) << c.name;
  }
}

TEST(SubscriberPlan, IceRestartMakesNewCredentialsAndTheAnswerSetsTheTransportAgain) {
  SubscriberPlan plan;
  plan.update(tracks({{"bob", "audio"}}));
  const std::string first = plan.take_offer()->ice_ufrag;
  ASSERT_TRUE(plan.on_answer(answer_for(plan)));

  plan.restart_ice();
  auto offer = plan.take_offer();
  ASSERT_TRUE(offer) << "a restart is an offer even with no track change";
  EXPECT_NE(offer->ice_ufrag, first);
  auto answered = plan.on_answer(answer_for(plan));
  ASSERT_TRUE(answered);
  EXPECT_TRUE(answered->set_transport);
  EXPECT_EQ(answered->ice_ufrag, offer->ice_ufrag);

  plan.update(tracks({{"bob", "audio"}, {"bob", "video"}}));
  plan.take_offer();
  answered = plan.on_answer(answer_for(plan));
  ASSERT_TRUE(answered);
  EXPECT_FALSE(answered->set_transport) << "an ordinary renegotiation keeps the transport";
}

TEST(SubscriberPlan, OfferLostWithItsSocketIsMadeAgain) {
  SubscriberPlan plan;
  plan.update(tracks({{"bob", "audio"}}));
  ASSERT_TRUE(plan.take_offer());
  EXPECT_FALSE(plan.take_offer());
  plan.forget_outstanding();
  EXPECT_TRUE(plan.take_offer());
}

// A client shows a track as soon as the offer carrying it arrives; its `track_view` may reach
// the server before the answer: the subscription the answer creates starts with that view.
TEST(SubscriberPlan, ViewSentBeforeTheAnswerIsInTheSubscription) {
  SubscriberPlan plan;
  plan.update(tracks({{"bob", "audio"}, {"bob", "video"}}));
  plan.take_offer();
  plan.set_view(engine::TrackView{"bob-video", true, 232, 130});
  plan.set_view(engine::TrackView{"nobody-video", true, 640, 360});  // not offered: ignored
  auto answered = plan.on_answer(answer_for(plan));
  ASSERT_TRUE(answered);
  ASSERT_EQ(answered->subscriptions.size(), 2u);
  EXPECT_FALSE(answered->subscriptions[0].view);
  ASSERT_TRUE(answered->subscriptions[1].view);
  EXPECT_EQ(answered->subscriptions[1].view->height, 130u);
}

}  // namespace
}  // namespace meet::signal
