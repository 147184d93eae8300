// Integration tests of the engine's forwarding path over real sockets on loopback: a publisher
// and a subscriber client (ICE, DTLS-SRTP) against a running Engine, asserting on the packets
// the subscriber decrypts: rewritten SSRC, sequence numbers and timestamps, keyframe gating,
// RTX answers to NACKs, mute and participant removal.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "common/bytes.hpp"
#include "engine/support/media_checks.hpp"
#include "engine/support/rtcp_digest.hpp"
#include "engine/support/two_party_room.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

class EngineForwardingTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }

  LoopbackPeer& alice() { return room_.alice(); }
  LoopbackPeer& bob() { return room_.bob(); }

  // Starts alice's video at bob: a keyframe and `deltas` deltas, all of which bob must get.
  std::vector<ReceivedRtp> start_video(int deltas) {
    auto sent = keyframe_and_deltas(video_, deltas);
    send_all(alice(), sent);
    auto got = receive_packets(bob(), sent.size(), 2s);
    expect_forwarded(sent, got, kOutVideoSsrc, kVp8Pt);
    return got;
  }

  // Bob asks for `seq` (his sequence space) again.
  void bob_nacks(uint16_t seq) {
    std::array<uint8_t, 64> buf{};
    std::array<uint16_t, 1> lost{seq};
    auto n = rtc::RtcpNack::write(kBobRtcpSsrc, kOutVideoSsrc, lost, buf);
    ASSERT_TRUE(n.ok());
    bob().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
  }

  TwoPartyRoom room_;
  // Sequence numbers start near the wrap so every test crosses 65535 -> 0 on the publisher side.
  RtpSource video_{kVideoSsrc, kVp8Pt, 65530, 4294960000u, 3000};
  RtpSource audio_{kAudioSsrc, kOpusPt, 65510, 4294967000u, 960};
};

TEST_F(EngineForwardingTest, AudioIsForwardedWithRewrittenSsrcSequenceAndTimestamp) {
  auto sent = opus_frames(audio_, 50);
  send_all(alice(), sent);
  auto got = receive_packets(bob(), sent.size(), 3s);
  expect_forwarded(sent, got, kOutAudioSsrc, kOpusPt);
}

TEST_F(EngineForwardingTest, VideoWaitsForKeyframeAndAsksThePublisherForOne) {
  auto started = Clock::now();
  bool pli = false;
  for (int i = 0; i < 40 && !pli; ++i) {
    alice().send_rtp(video_.vp8_delta().bytes);
    pli = wait_for_rtcp(
              alice(), [](const RtcpDigest& d) { return d.has_pli(kVideoSsrc); }, 25ms)
              .has_value();
  }
  EXPECT_TRUE(pli) << "no PLI for the publisher's video SSRC";
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_FALSE(bob().receive_rtp(100ms)) << "a delta frame was forwarded before any keyframe";

  auto sent = keyframe_and_deltas(video_, 5);
  send_all(alice(), sent);
  auto got = receive_packets(bob(), sent.size(), 2s);
  expect_forwarded(sent, got, kOutVideoSsrc, kVp8Pt);
}

TEST_F(EngineForwardingTest, NackIsAnsweredWithRtxInSubscriberSequenceSpace) {
  auto got = start_video(9);
  ASSERT_EQ(got.size(), 10u);
  const ReceivedRtp& lost = got[6];  // after the publisher's sequence numbers wrapped

  bob_nacks(lost.sequence_number);
  auto rtx = bob().receive_rtp(1s);
  ASSERT_TRUE(rtx) << "no retransmission";
  EXPECT_EQ(rtx->ssrc, kOutVideoRtxSsrc);
  EXPECT_EQ(rtx->payload_type, kRtxPt);
  EXPECT_EQ(rtx->timestamp, lost.timestamp);
  ASSERT_EQ(rtx->payload.size(), lost.payload.size() + 2);
  EXPECT_EQ(load_be16(rtx->payload, 0), lost.sequence_number);  // RFC 4588 OSN
  EXPECT_EQ(Bytes(rtx->payload.begin() + 2, rtx->payload.end()), lost.payload);
}

TEST_F(EngineForwardingTest, NackForPacketNeverSentIsIgnored) {
  auto got = start_video(2);
  ASSERT_FALSE(got.empty());
  bob_nacks(static_cast<uint16_t>(got.back().sequence_number + 100));
  EXPECT_FALSE(bob().receive_rtp(200ms));
}

TEST_F(EngineForwardingTest, PublisherRtxFillsTheGapAtTheSubscriber) {
  auto got = start_video(2);
  ASSERT_EQ(got.size(), 3u);
  SentRtp lost = video_.vp8_delta();  // never sent as such
  auto after = keyframe_and_deltas(video_, 2);
  send_all(alice(), after);
  ASSERT_EQ(receive_packets(bob(), after.size(), 1s).size(), after.size());

  // Alice repairs it on her RTX stream (RFC 4588: OSN, then the original payload).
  Bytes rtx_payload = {static_cast<uint8_t>(lost.sequence_number >> 8),
                       static_cast<uint8_t>(lost.sequence_number & 0xff)};
  rtx_payload.insert(rtx_payload.end(), lost.payload.begin(), lost.payload.end());
  RtpSource rtx(kVideoRtxSsrc, kRtxPt, 40000, lost.timestamp, 0);
  alice().send_rtp(rtx.packet(rtx_payload).bytes);

  auto repaired = bob().receive_rtp(1s);
  ASSERT_TRUE(repaired) << "the repaired packet was not forwarded";
  EXPECT_EQ(repaired->ssrc, kOutVideoSsrc);
  EXPECT_EQ(repaired->payload_type, kVp8Pt);
  EXPECT_EQ(repaired->sequence_number, static_cast<uint16_t>(got.back().sequence_number + 1));
  EXPECT_EQ(repaired->timestamp, got.back().timestamp + 3000);  // the frame after it
  EXPECT_EQ(repaired->payload, lost.payload);
}

TEST_F(EngineForwardingTest, PublisherRtxOfAPacketAlreadyReceivedIsNotForwardedAgain) {
  // Browsers pad and probe with RTX copies of what they just sent: a subscriber must not pay
  // for those a second time.
  std::vector<SentRtp> sent = keyframe_and_deltas(video_, 3);
  send_all(alice(), sent);
  ASSERT_EQ(receive_packets(bob(), sent.size(), 1s).size(), sent.size());
  const SentRtp& copy = sent[2];
  Bytes rtx_payload = {static_cast<uint8_t>(copy.sequence_number >> 8),
                       static_cast<uint8_t>(copy.sequence_number & 0xff)};
  rtx_payload.insert(rtx_payload.end(), copy.payload.begin(), copy.payload.end());
  RtpSource rtx(kVideoRtxSsrc, kRtxPt, 40000, copy.timestamp, 0);
  alice().send_rtp(rtx.packet(rtx_payload).bytes);
  EXPECT_FALSE(bob().receive_rtp(300ms)) << "a duplicate was forwarded";
  // The stream goes on after it.
  auto next = keyframe_and_deltas(video_, 1);
  send_all(alice(), next);
  EXPECT_EQ(receive_packets(bob(), next.size(), 1s).size(), next.size());
}

TEST_F(EngineForwardingTest, NackFromBeforeMuteIsNotAnsweredWithAnotherPacket) {
  auto before = start_video(3);
  ASSERT_EQ(before.size(), 4u);
  room_.engine().set_track_muted(kRoom, kAlice, kVideoTrack, true);
  TwoPartyRoom::settle();
  send_all(alice(), keyframe_and_deltas(video_, 4));  // cached, not forwarded
  // Let the worker read them all before the unmute is posted behind them.
  ASSERT_TRUE(bob().collect_rtp(100ms).empty());
  room_.engine().set_track_muted(kRoom, kAlice, kVideoTrack, false);
  TwoPartyRoom::settle();
  auto sent = keyframe_and_deltas(video_, 2);
  send_all(alice(), sent);
  ASSERT_EQ(receive_packets(bob(), sent.size(), 1s).size(), sent.size());

  // Bob still misses a packet from before the mute: either it comes back as it was, or not at all.
  const ReceivedRtp& old = before[1];
  bob_nacks(old.sequence_number);
  if (auto rtx = bob().receive_rtp(300ms)) {
    EXPECT_EQ(rtx->ssrc, kOutVideoRtxSsrc);
    EXPECT_EQ(rtx->payload_type, kRtxPt);
    ASSERT_GE(rtx->payload.size(), 2u);
    EXPECT_EQ(load_be16(rtx->payload, 0), old.sequence_number);
    EXPECT_EQ(Bytes(rtx->payload.begin() + 2, rtx->payload.end()), old.payload)
        << "the retransmission carries another packet under the NACKed sequence number";
  }
}

TEST_F(EngineForwardingTest, MutedTrackForwardsNothingAndUnmuteWaitsForKeyframe) {
  auto before = start_video(3);
  ASSERT_FALSE(before.empty());

  room_.engine().set_track_muted(kRoom, kAlice, kVideoTrack, true);
  TwoPartyRoom::settle();
  send_all(alice(), keyframe_and_deltas(video_, 3));
  EXPECT_TRUE(bob().collect_rtp(300ms).empty()) << "a muted track was forwarded";
  alice().drain(20ms);  // keyframe requests from before the mute

  room_.engine().set_track_muted(kRoom, kAlice, kVideoTrack, false);
  TwoPartyRoom::settle();
  alice().send_rtp(video_.vp8_delta().bytes);
  EXPECT_TRUE(bob().collect_rtp(100ms).empty()) << "a delta was forwarded right after unmute";
  EXPECT_TRUE(wait_for_rtcp(
      alice(), [](const RtcpDigest& d) { return d.has_pli(kVideoSsrc); }, 500ms))
      << "unmuting did not ask the publisher for a keyframe";

  auto sent = keyframe_and_deltas(video_, 3);
  send_all(alice(), sent);
  auto after = receive_packets(bob(), sent.size(), 2s);
  expect_forwarded(sent, after, kOutVideoSsrc, kVp8Pt);
  ASSERT_FALSE(after.empty());
  // The subscriber's sequence numbers continue without a gap across the mute.
  EXPECT_EQ(after.front().sequence_number,
            static_cast<uint16_t>(before.back().sequence_number + 1));
}

TEST_F(EngineForwardingTest, RemovingPublisherStopsItsStreamsAndEngineStops) {
  start_video(3);
  send_all(alice(), opus_frames(audio_, 3));
  EXPECT_EQ(receive_packets(bob(), 3, 1s).size(), 3u);

  room_.engine().remove_participant(kRoom, kAlice);
  EXPECT_TRUE(alice().wait_dtls_closed(1s)) << "no close_notify to the removed publisher";
  send_all(alice(), keyframe_and_deltas(video_, 3));
  send_all(alice(), opus_frames(audio_, 3));
  EXPECT_TRUE(bob().collect_rtp(300ms).empty()) << "media of a removed publisher was forwarded";

  auto stop_started = Clock::now();
  room_.engine().stop();
  EXPECT_LT(Clock::now() - stop_started, 2s);
}

TEST_F(EngineForwardingTest, RemovingSubscriberWhilePublisherSendsIsSafe) {
  start_video(3);
  room_.engine().remove_participant(kRoom, kBob);
  EXPECT_TRUE(bob().wait_dtls_closed(1s)) << "no close_notify to the removed subscriber";
  for (int i = 0; i < 20; ++i) {
    alice().send_rtp(video_.vp8_delta().bytes);
    alice().send_rtp(audio_.opus().bytes);
  }
  // Alice's transport keeps working: a gap is still NACKed.
  video_.skip();
  uint16_t missing = static_cast<uint16_t>(video_.next_sequence_number() - 1);
  alice().send_rtp(video_.vp8_delta().bytes);
  EXPECT_TRUE(wait_for_rtcp(
      alice(), [&](const RtcpDigest& d) { return d.nacks_sequence(kVideoSsrc, missing); }, 500ms));
  EXPECT_TRUE(bob().collect_rtp(100ms).empty());
}

}  // namespace
}  // namespace meet::engine::testing
