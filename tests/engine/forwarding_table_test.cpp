// The room's forwarding table on one thread (OneThreadRoom): who carries which publisher track
// as participants, tracks and subscriptions come and go, and that nothing is forwarded to or
// from a track that left it. Under ASan these also show no track is used after it is freed.
#include "engine/forwarding_table.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "engine/support/media_checks.hpp"
#include "engine/support/one_thread_room.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

class ForwardingTableTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }

  const ForwardingTable& table() { return room_.room().forwarding(); }
  PublisherTrack* track(const char* id) { return room_.alice_participant().find_track(id); }

  // Bob's feedback about his video m-line: a NACK and a PLI.
  void bob_sends_feedback() {
    std::array<uint8_t, 64> buf{};
    const uint16_t lost[] = {1};
    auto n = rtc::RtcpNack::write(kBobRtcpSsrc, kOutVideoSsrc, lost, buf);
    ASSERT_TRUE(n.ok());
    room_.bob().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
    std::array<uint8_t, rtc::RtcpPli::kSize> pli{};
    ASSERT_TRUE(rtc::RtcpPli::write(kBobRtcpSsrc, kOutVideoSsrc, pli).ok());
    room_.bob().send_rtcp(pli);
    room_.pump();
  }

  OneThreadRoom room_;
  RtpSource video_{kVideoSsrc, kVp8Pt, 100, 0, 3000};
  RtpSource audio_{kAudioSsrc, kOpusPt, 100, 0, 960};
};

TEST_F(ForwardingTableTest, EachSubscribedTrackIsLinkedToItsSource) {
  EXPECT_EQ(table().links(), 2u);
  ASSERT_NE(track(kVideoTrack), nullptr);
  ASSERT_EQ(table().subscribers(*track(kVideoTrack)).size(), 1u);
  ASSERT_EQ(table().subscribers(*track(kAudioTrack)).size(), 1u);
  const SubscriberTrack& bob_video = *table().subscribers(*track(kVideoTrack))[0];
  EXPECT_EQ(bob_video.ssrc(), kOutVideoSsrc);
  EXPECT_EQ(table().source(bob_video), track(kVideoTrack));
  EXPECT_EQ(bob_video.source(), track(kVideoTrack));
}

TEST_F(ForwardingTableTest, AnUnpublishedTrackLeavesAndItsSubscriberCarriesNothing) {
  room_.alice_sends(keyframe_and_deltas(video_, 2));
  ASSERT_EQ(room_.bob().take_rtp().size(), 3u);
  const SubscriberTrack* bob_video = table().subscribers(*track(kVideoTrack))[0];

  room_.alice_participant().set_published_tracks({OneThreadRoom::audio_config()});
  EXPECT_EQ(table().links(), 1u);
  EXPECT_EQ(table().source(*bob_video), nullptr);
  EXPECT_EQ(bob_video->source(), nullptr);
  bob_sends_feedback();  // about a track that is gone: ignored
  room_.alice_sends(keyframe_and_deltas(video_, 2));
  EXPECT_TRUE(room_.bob().take_rtp().empty());

  // Published again: the subscriber's m-line is linked at the next relink and flows again.
  room_.alice_participant().set_published_tracks(
      {OneThreadRoom::video_config(), OneThreadRoom::audio_config()});
  room_.room().relink(room_.now());
  EXPECT_EQ(table().links(), 2u);
  room_.alice_sends(keyframe_and_deltas(video_, 2));
  EXPECT_EQ(room_.bob().take_rtp().size(), 3u);
}

TEST_F(ForwardingTableTest, APublisherLeavingUnlinksEverySubscriber) {
  room_.alice_sends(opus_frames(audio_, 3));
  ASSERT_EQ(room_.bob().take_rtp().size(), 3u);
  room_.room().remove_participant(kAlice);
  EXPECT_EQ(table().links(), 0u);
  bob_sends_feedback();
  room_.advance(1s);  // bob's link allocates over tracks with no source
  EXPECT_TRUE(room_.bob().take_rtp().empty());
}

TEST_F(ForwardingTableTest, ASubscriberLeavingWhileThePublisherSendsIsSafe) {
  room_.alice_sends(keyframe_and_deltas(video_, 2));
  room_.room().remove_participant(kBob);
  EXPECT_EQ(table().links(), 0u);
  EXPECT_TRUE(table().subscribers(*track(kVideoTrack)).empty());
  room_.alice_sends(keyframe_and_deltas(video_, 2));
  room_.alice_sends(opus_frames(audio_, 3));
  room_.advance(1s);  // NACKs, receiver reports and layer checks over no subscribers
  EXPECT_GE(room_.alice_rtcp().size(), 1u) << "alice's transport stopped working";
}

TEST_F(ForwardingTableTest, AChangedSubscriptionMovesToItsNewSource) {
  // Bob's m-line 0 now carries alice's audio instead of her video.
  room_.bob_participant().set_subscriptions(
      {SubscriptionConfig{"0", kAlice, kAudioTrack, kOutAudioSsrc, std::nullopt, opus_codec()}},
      room_.now());
  EXPECT_EQ(table().links(), 1u);
  EXPECT_TRUE(table().subscribers(*track(kVideoTrack)).empty());
  ASSERT_EQ(table().subscribers(*track(kAudioTrack)).size(), 1u);
  room_.alice_sends(keyframe_and_deltas(video_, 1));
  room_.alice_sends(opus_frames(audio_, 2));
  auto got = room_.bob().take_rtp();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].ssrc, kOutAudioSsrc);
}

}  // namespace
}  // namespace meet::engine::testing
