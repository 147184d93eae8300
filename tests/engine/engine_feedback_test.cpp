// Integration tests of the engine's RTCP toward the publisher over real sockets on loopback:
// keyframe requests relayed from a subscriber (and throttled), NACKs for the publisher's own
// losses, and receiver reports.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/support/media_checks.hpp"
#include "engine/support/rtcp_digest.hpp"
#include "engine/support/two_party_room.hpp"
#include "rtc/rtcp/rtcp_fir.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

// The engine's minimum spacing of keyframe requests toward one publisher track.
constexpr auto kKeyframeRequestInterval = 300ms;

class EngineFeedbackTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }

  LoopbackPeer& alice() { return room_.alice(); }
  LoopbackPeer& bob() { return room_.bob(); }

  void bob_sends_pli() {
    std::array<uint8_t, rtc::RtcpPli::kSize> buf{};
    ASSERT_TRUE(rtc::RtcpPli::write(kBobRtcpSsrc, kOutVideoSsrc, buf).ok());
    bob().send_rtcp(buf);
  }

  TwoPartyRoom room_;
  RtpSource video_{kVideoSsrc, kVp8Pt, 100, 90000, 3000};
  RtpSource audio_{kAudioSsrc, kOpusPt, 7000, 48000, 960};
};

// The PLI throttle is tested on one thread with a fake clock (publisher_track_test.cpp).

TEST_F(EngineFeedbackTest, SubscriberFirReachesPublisherAsPli) {
  alice().drain(kKeyframeRequestInterval + 100ms);
  std::array<uint8_t, 64> buf{};
  const rtc::RtcpFirEntry entry{kOutVideoSsrc, 1};
  auto n = rtc::RtcpFir::write(kBobRtcpSsrc, std::span(&entry, 1), buf);
  ASSERT_TRUE(n.ok());
  bob().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
  EXPECT_EQ(count_plis(alice(), kVideoSsrc, 200ms), 1);
}

TEST_F(EngineFeedbackTest, PublisherLossIsNackedPromptly) {
  send_all(alice(), keyframe_and_deltas(video_, 4));
  video_.skip();
  const uint16_t missing = static_cast<uint16_t>(video_.next_sequence_number() - 1);
  alice().send_rtp(video_.vp8_delta().bytes);
  auto gap_seen = Clock::now();

  auto nack = wait_for_rtcp(
      alice(), [](const RtcpDigest& d) { return !d.nacks.empty(); }, 200ms);
  ASSERT_TRUE(nack) << "no NACK within 200 ms";
  EXPECT_LT(Clock::now() - gap_seen, 200ms);
  ASSERT_EQ(nack->nacks.size(), 1u);
  EXPECT_EQ(nack->nacks[0].media_ssrc, kVideoSsrc);
  EXPECT_EQ(nack->nacks[0].lost, std::vector<uint16_t>{missing});
}

TEST_F(EngineFeedbackTest, PublisherHearsTransportWideFeedbackForEveryPacket) {
  // Across the 16-bit wrap, as a long call reaches it.
  video_.enable_transport_cc(kTwccExtensionId, 65530);
  auto sent = keyframe_and_deltas(video_, 9);  // transport sequence 65530 .. 3
  auto first_sent = Clock::now();
  send_all(alice(), sent);

  std::vector<uint16_t> reported;
  auto deadline = Clock::now() + 1s;
  while (reported.size() < sent.size() && Clock::now() < deadline) {
    auto d = wait_for_rtcp(
        alice(), [](const RtcpDigest& d) { return !d.transport_feedback.empty(); }, 300ms);
    if (!d) break;
    for (const auto& st : d->transport_feedback) {
      EXPECT_TRUE(st.received) << "sequence " << st.sequence_number << " reported lost";
      reported.push_back(st.sequence_number);
    }
  }
  // Due every 50 ms: well inside 300 ms on any machine.
  EXPECT_LT(Clock::now() - first_sent, 1s);
  std::vector<uint16_t> expected;
  for (uint16_t s = 65530; expected.size() < sent.size(); ++s) expected.push_back(s);
  EXPECT_EQ(reported, expected);
}

TEST_F(EngineFeedbackTest, ReceiverReportsCoverEveryPublishedSsrc) {
  send_all(alice(), keyframe_and_deltas(video_, 4));  // 100..104
  video_.skip();                                      // 105 lost
  send_all(alice(), keyframe_and_deltas(video_, 4));  // 106..110
  send_all(alice(), opus_frames(audio_, 10));         // 7000..7009

  std::optional<rtc::RtcpReportBlock> video_report, audio_report;
  auto done = [&](const RtcpDigest& d) {
    if (auto b = d.report_for(kVideoSsrc); b && b->extended_highest_sequence == 110) {
      video_report = b;
    }
    if (auto b = d.report_for(kAudioSsrc); b && b->extended_highest_sequence == 7009) {
      audio_report = b;
    }
    return video_report && audio_report;
  };
  EXPECT_TRUE(wait_for_rtcp(alice(), done, 1500ms)) << "no complete receiver reports in 1.5 s";
  ASSERT_TRUE(video_report);
  ASSERT_TRUE(audio_report);
  EXPECT_EQ(video_report->cumulative_lost, 1);
  EXPECT_EQ(audio_report->cumulative_lost, 0);
}

TEST_F(EngineFeedbackTest, ReceiverReportEchoesPublisherSenderReport) {
  send_all(alice(), keyframe_and_deltas(video_, 2));
  // RFC 3550 6.4.1: LSR is the middle 32 bits of the SR's NTP timestamp, DLSR the time since.
  const uint64_t ntp = 0xe1a2b3c4'd5e6f708;
  std::array<uint8_t, 64> buf{};
  auto n =
      rtc::RtcpSenderReport::write(rtc::RtcpSenderInfo{kVideoSsrc, ntp, 90000, 3, 300}, {}, buf);
  ASSERT_TRUE(n.ok());
  alice().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));

  auto rr = wait_for_rtcp(
      alice(),
      [](const RtcpDigest& d) {
        return d.report_for(kVideoSsrc) && d.report_for(kVideoSsrc)->last_sr != 0;
      },
      1500ms);
  ASSERT_TRUE(rr) << "no receiver report echoing the SR within 1.5 s";
  auto block = rr->report_for(kVideoSsrc);
  EXPECT_EQ(block->last_sr, rtc::RtcpReportBlock::compact_ntp(ntp));
  EXPECT_GT(block->delay_since_last_sr, 0u);
  EXPECT_LT(block->delay_since_last_sr, 2u * 65536);  // under 2 s, in 1/65536 s
}

TEST_F(EngineFeedbackTest, PublisherSenderReportReachesSubscriberInItsTimestampSpace) {
  // An SR before the subscriber got any packet maps to nothing it has seen: not relayed.
  std::array<uint8_t, 64> buf{};
  const uint64_t early_ntp = 0xe1a2b3c4'00000000;
  auto n =
      rtc::RtcpSenderReport::write(rtc::RtcpSenderInfo{kAudioSsrc, early_ntp, 6000, 0, 0}, {}, buf);
  ASSERT_TRUE(n.ok());
  alice().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
  EXPECT_FALSE(wait_for_rtcp(
      bob(), [](const RtcpDigest& d) { return !d.sender_reports.empty(); }, 300ms));

  auto sent = opus_frames(audio_, 5);
  send_all(alice(), sent);
  auto got = receive_packets(bob(), sent.size(), 2s);
  ASSERT_EQ(got.size(), sent.size());
  const uint32_t ts_offset = got[0].timestamp - sent[0].timestamp;

  // RFC 3550 6.4.1: same wallclock, RTP time in the subscriber's space, the subscriber's counts.
  const uint64_t ntp = 0xe1a2b3c5'80000000;
  const uint32_t rtp = sent.back().timestamp + 480;
  n = rtc::RtcpSenderReport::write(rtc::RtcpSenderInfo{kAudioSsrc, ntp, rtp, 99, 9999}, {}, buf);
  ASSERT_TRUE(n.ok());
  alice().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
  auto relayed = wait_for_rtcp(
      bob(), [](const RtcpDigest& d) { return d.sender_report_of(kOutAudioSsrc).has_value(); }, 1s);
  ASSERT_TRUE(relayed) << "no sender report at the subscriber within 1 s";
  const rtc::RtcpSenderInfo sr = *relayed->sender_report_of(kOutAudioSsrc);
  EXPECT_EQ(sr.ntp_timestamp, ntp);
  EXPECT_EQ(sr.rtp_timestamp, rtp + ts_offset);
  EXPECT_EQ(sr.packet_count, sent.size());
  size_t octets = 0;
  for (const auto& p : got) octets += p.payload.size();
  EXPECT_EQ(sr.octet_count, octets);
}

}  // namespace
}  // namespace meet::engine::testing
