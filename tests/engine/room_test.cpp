// Unit tests of a Room on one thread (OneThreadRoom: FakeWorkerIo, ManualClock, in-memory
// peers through the real ICE, DTLS and SRTP): forwarding, NACKs answered by RTX from the
// publisher's cache, unannounced SSRCs, receiver reports, a publisher that restarts its
// stream. No sockets and no sleeps: time moves only when a test says so.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "common/bytes.hpp"
#include "engine/support/media_checks.hpp"
#include "engine/support/one_thread_room.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtp/rtp_packet_builder.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

class RoomTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }

  FakePeer& alice() { return room_.alice(); }
  FakePeer& bob() { return room_.bob(); }

  // Starts alice's video at bob: a keyframe and `deltas` deltas, all of which bob must get.
  std::vector<ReceivedRtp> start_video(int deltas) {
    auto sent = keyframe_and_deltas(video_, deltas);
    room_.alice_sends(sent);
    auto got = bob().take_rtp();
    expect_forwarded(sent, got, kOutVideoSsrc, kVp8Pt);
    return got;
  }

  // Bob asks again for these of his sequence numbers.
  void bob_nacks(std::vector<uint16_t> seqs) {
    std::array<uint8_t, 256> buf{};
    auto n = rtc::RtcpNack::write(kBobRtcpSsrc, kOutVideoSsrc, seqs, buf);
    ASSERT_TRUE(n.ok());
    bob().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
    room_.pump();
  }

  uint64_t counter(const std::atomic<uint64_t>& c) const {
    return c.load(std::memory_order_relaxed);
  }

  OneThreadRoom room_;
  // Sequence numbers start near the wrap so tests cross 65535 -> 0 on the publisher side.
  RtpSource video_{kVideoSsrc, kVp8Pt, 65530, 4294960000u, 3000};
  RtpSource audio_{kAudioSsrc, kOpusPt, 65510, 4294967000u, 960};
};

TEST_F(RoomTest, ForwardsAudioWithRewrittenSsrcSequenceAndTimestamp) {
  auto sent = opus_frames(audio_, 30);
  room_.alice_sends(sent);
  expect_forwarded(sent, bob().take_rtp(), kOutAudioSsrc, kOpusPt);
  EXPECT_EQ(bob().unprotect_failures(), 0);
}

TEST_F(RoomTest, VideoWaitsForKeyframeAndAsksThePublisherForOne) {
  room_.alice_sends({video_.vp8_delta()});
  EXPECT_TRUE(bob().take_rtp().empty()) << "a delta frame was forwarded before any keyframe";
  bool pli = false;
  for (const auto& d : room_.alice_rtcp()) pli = pli || d.has_pli(kVideoSsrc);
  EXPECT_TRUE(pli) << "no PLI for the publisher's video SSRC";
  start_video(3);
}

// NACKs name the subscriber's sequence numbers; the engine maps each back to the publisher's
// and answers from the packet cache with RTX (RFC 4588) in the subscriber's numbering.
TEST_F(RoomTest, NackIsMappedToThePublisherSequenceAndAnsweredWithRtx) {
  auto got = start_video(9);  // publisher 65530 .. 3, across the wrap
  ASSERT_EQ(got.size(), 10u);
  struct Case {
    const char* what;
    size_t index;  // into `got`
  };
  const Case cases[] = {
      {"before the publisher's wrap", 2},  // publisher 65532
      {"after the publisher's wrap", 7},   // publisher 1
      {"the newest", 9},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const ReceivedRtp& lost = got[c.index];
    const auto before = counter(room_.io().counters().retransmissions_sent);
    bob_nacks({lost.sequence_number});
    auto rtx = bob().take_rtp();
    ASSERT_EQ(rtx.size(), 1u) << "one retransmission";
    EXPECT_EQ(rtx[0].ssrc, kOutVideoRtxSsrc);
    EXPECT_EQ(rtx[0].payload_type, kRtxPt);
    EXPECT_EQ(rtx[0].timestamp, lost.timestamp);
    ASSERT_EQ(rtx[0].payload.size(), lost.payload.size() + 2);
    EXPECT_EQ(load_be16(rtx[0].payload, 0), lost.sequence_number);  // RFC 4588 OSN
    EXPECT_EQ(Bytes(rtx[0].payload.begin() + 2, rtx[0].payload.end()), lost.payload);
    EXPECT_EQ(counter(room_.io().counters().retransmissions_sent), before + 1);
  }
}

TEST_F(RoomTest, NackOfNumbersNeverSentOrTooOldIsNotAnswered) {
  auto got = start_video(2);
  ASSERT_EQ(got.size(), 3u);
  const uint16_t first = got.front().sequence_number;
  bob_nacks({static_cast<uint16_t>(got.back().sequence_number + 100),  // never sent
             static_cast<uint16_t>(first - 1)});                       // before the first
  EXPECT_TRUE(bob().take_rtp().empty());
  EXPECT_EQ(counter(room_.io().counters().retransmissions_sent), 0u);

  // Past the packet cache's age limit a retransmission would come too late: not sent.
  room_.advance(PacketCache::kMaxAge + 100ms);
  bob().take_rtp();
  bob_nacks({got[1].sequence_number});
  EXPECT_TRUE(bob().take_rtp().empty());
}

TEST_F(RoomTest, UnannouncedSsrcIsDroppedAndCounted) {
  start_video(1);
  const auto before = room_.io().dropped(DropReason::kUnknownSsrc);
  RtpSource stranger(0x5eed5eed, kVp8Pt, 1, 1, 3000);
  room_.alice_sends({stranger.vp8_keyframe(), stranger.vp8_delta()});
  EXPECT_TRUE(bob().take_rtp().empty()) << "an unannounced SSRC was forwarded";
  EXPECT_EQ(room_.io().dropped(DropReason::kUnknownSsrc), before + 2);
}

// A client shows a track as soon as the offer carrying it arrives, so its `track_view` can
// reach the server before the answer that creates the subscription: the subscription starts
// with that view (here hidden: nothing is forwarded) instead of the default (shown, any size).
TEST_F(RoomTest, SubscriptionStartsWithTheViewSentBeforeItsAnswer) {
  constexpr uint32_t kNewSsrc = 7777;
  SubscriptionConfig video{"2", kAlice, kVideoTrack, kNewSsrc, std::nullopt, vp8_codec()};
  video.view = TrackView{kVideoTrack, false, 0, 0};
  room_.bob_participant().set_subscriptions({video}, room_.now());
  room_.advance(400ms);
  room_.alice_sends(keyframe_and_deltas(video_, 3));
  EXPECT_TRUE(bob().take_rtp().empty()) << "a track hidden before its answer was forwarded";

  room_.bob_participant().set_track_views({TrackView{kVideoTrack, true, 640, 360}});
  room_.advance(400ms);
  auto sent = keyframe_and_deltas(video_, 3);
  room_.alice_sends(sent);
  expect_forwarded(sent, bob().take_rtp(), kNewSsrc, kVp8Pt);
}

// Without a=ssrc the engine learns a layer's SSRC from the mid header extension (RFC 8843):
// the first SSRC naming the mid is taken, and any other one after it is dropped and counted,
// so a publisher cannot make the server learn any number of SSRCs.
TEST_F(RoomTest, OnlyOneSsrcIsLearntPerLayerFromTheMidExtension) {
  constexpr uint8_t kMidExtensionId = 4;
  // A second camera track, announced without SSRCs, in bob's first m-line.
  auto video = OneThreadRoom::video_config();
  video.track_id = "alice-camera-2";
  video.mid = "2";
  video.ssrcs.clear();
  video.rtx_ssrc.reset();
  video.mid_extension_id = kMidExtensionId;
  room_.alice_participant().set_published_tracks({OneThreadRoom::video_config(), video});
  room_.bob_participant().set_subscriptions(
      {SubscriptionConfig{"0", kAlice, video.track_id, kOutVideoSsrc, std::nullopt, vp8_codec()}},
      room_.now());

  auto with_mid = [&](SentRtp p) {
    auto packet = rtc::RtpPacket::parse(p.bytes);
    rtc::RtpPacketBuilder b;
    b.set_marker(true)
        .set_payload_type(kVp8Pt)
        .set_sequence_number(packet->sequence_number())
        .set_timestamp(packet->timestamp())
        .set_ssrc(packet->ssrc())
        .set_payload(p.payload);
    const uint8_t mid[] = {'2'};
    EXPECT_TRUE(b.add_extension(kMidExtensionId, mid));
    p.bytes.resize(b.size());
    EXPECT_TRUE(b.write(p.bytes).ok());
    return p;
  };
  RtpSource first(0x1000, kVp8Pt, 100, 0, 3000);
  RtpSource second(0x2000, kVp8Pt, 500, 0, 3000);
  std::vector<SentRtp> sent = {with_mid(first.vp8_keyframe()), with_mid(first.vp8_delta())};
  room_.alice_sends(sent);
  EXPECT_EQ(bob().take_rtp().size(), sent.size()) << "the first SSRC naming the mid flows";

  const auto before = room_.io().dropped(DropReason::kUnknownSsrc);
  for (int i = 0; i < 5; ++i) room_.alice_sends({with_mid(second.vp8_keyframe())});
  EXPECT_TRUE(bob().take_rtp().empty()) << "a second SSRC naming the same mid was forwarded";
  EXPECT_EQ(room_.io().dropped(DropReason::kUnknownSsrc), before + 5);
}

// The receiver report toward the publisher carries what ReceiveStream measured: here the
// A.8 jitter of receive_stream_test.cpp's worked example (Opus frames 20 ms apart in RTP time,
// the third 10 ms late), measured at the packets' arrival in the worker.
TEST_F(RoomTest, ReceiverReportCarriesLossAndInterarrivalJitter) {
  const std::chrono::milliseconds gaps[] = {0ms, 20ms, 30ms, 10ms, 20ms};
  for (auto gap : gaps) {
    room_.advance(gap);
    room_.alice_sends({audio_.opus()});
  }
  audio_.skip();
  room_.alice_sends({audio_.opus()});  // one frame on in RTP time, no later in arrival
  room_.alice_rtcp();                  // reports from before
  room_.advance(1100ms);
  std::optional<rtc::RtcpReportBlock> block;
  for (const auto& d : room_.alice_rtcp()) {
    if (auto b = d.report_for(kAudioSsrc)) block = b;
  }
  ASSERT_TRUE(block) << "no receiver report for the audio SSRC";
  EXPECT_EQ(block->extended_highest_sequence, 65516u);  // 65510 .. 65516
  EXPECT_EQ(block->cumulative_lost, 1);
  // After the five packets J*16 = 872 (54); the sixth comes 960 ticks on in RTP time at the
  // same instant: |D| = 960, J*16 = 872 + 960 - (880 >> 4) = 1777.
  EXPECT_EQ(block->jitter, 1777u >> 4);
}

// A publisher that restarts its stream (a new connection after a resume, a new encoder)
// sends the same track under a new SSRC, from another sequence number and RTP timestamp base.
// The subscriber must see one continuous stream: its sequence numbers go on from the last one
// it got, without a gap, and its timestamps go on from the last one as far as time went.
struct RestartCase {
  const char* what;
  bool video;
};

class RoomRestartTest : public RoomTest, public ::testing::WithParamInterface<RestartCase> {};

TEST_P(RoomRestartTest, SubscriberSequenceAndTimestampContinueAcrossANewSsrc) {
  const bool video = GetParam().video;
  auto before = video ? keyframe_and_deltas(video_, 4) : opus_frames(audio_, 5);
  room_.alice_sends(before);
  auto got = bob().take_rtp();
  ASSERT_EQ(got.size(), before.size());

  // 200 ms later the publisher's new stream: new SSRC, sequence numbers and timestamps.
  room_.advance(200ms);
  auto video_cfg = OneThreadRoom::video_config();
  auto audio_cfg = OneThreadRoom::audio_config();
  constexpr uint32_t kNewSsrc = 0x7e57;
  (video ? video_cfg : audio_cfg).ssrcs = {kNewSsrc};
  if (video) video_cfg.rtx_ssrc = kNewSsrc + 1;
  room_.alice_participant().set_published_tracks({video_cfg, audio_cfg});
  room_.room().relink(room_.now());
  RtpSource restarted(kNewSsrc, video ? kVp8Pt : kOpusPt, 20000, 123456, video ? 3000 : 960);
  auto after = video ? keyframe_and_deltas(restarted, 3) : opus_frames(restarted, 5);
  room_.alice_sends(after);
  auto got_after = bob().take_rtp();
  ASSERT_EQ(got_after.size(), after.size()) << "the restarted stream did not reach bob";

  const uint32_t out_ssrc = video ? kOutVideoSsrc : kOutAudioSsrc;
  EXPECT_EQ(got_after.front().ssrc, out_ssrc);
  EXPECT_EQ(got_after.front().sequence_number,
            static_cast<uint16_t>(got.back().sequence_number + 1))
      << "the subscriber's sequence numbers jump across the restart";
  // 200 ms at the codec's clock (90 kHz video, 48 kHz Opus), give or take a tick's worth.
  const uint32_t clock_per_ms = video ? 90 : 48;
  const auto advanced = static_cast<int64_t>(got_after.front().timestamp - got.back().timestamp);
  EXPECT_GE(advanced, 180 * clock_per_ms);
  EXPECT_LE(advanced, 240 * clock_per_ms);
  // From there on, the new stream's own spacing.
  for (size_t i = 0; i < after.size(); ++i) {
    SCOPED_TRACE(::testing::Message() << "packet " << i << " after the restart");
    EXPECT_EQ(got_after[i].ssrc, out_ssrc);
    EXPECT_EQ(got_after[i].sequence_number,
              static_cast<uint16_t>(got_after[0].sequence_number + i));
    EXPECT_EQ(got_after[i].timestamp - got_after[0].timestamp,
              after[i].timestamp - after[0].timestamp);
    ASSERT_EQ(got_after[i].payload.size(), after[i].payload.size());
    if (!video) {
      EXPECT_EQ(got_after[i].payload, after[i].payload);
      continue;
    }
    // VP8 (RFC 7741 4.2): the 15-bit picture id in bytes 2-3 goes on from the last one bob
    // got, as after a simulcast switch; the rest of the payload is the publisher's.
    auto picture_id = [](const Bytes& p) {
      return static_cast<uint16_t>(load_be16(p, 2) & 0x7fff);
    };
    EXPECT_EQ(picture_id(got_after[i].payload),
              static_cast<uint16_t>((picture_id(got.back().payload) + 1 + i) & 0x7fff));
    EXPECT_EQ(Bytes(got_after[i].payload.begin() + 4, got_after[i].payload.end()),
              Bytes(after[i].payload.begin() + 4, after[i].payload.end()));
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, RoomRestartTest,
                         ::testing::Values(RestartCase{"video", true}, RestartCase{"audio", false}),
                         [](const auto& info) { return std::string(info.param.what); });

}  // namespace
}  // namespace meet::engine::testing
