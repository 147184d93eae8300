// A publisher track on one thread (OneThreadRoom: fake clock, in-memory peers): keyframe
// requests from subscribers relayed to the publisher and throttled, and the recorder's tap.
// These replace socket tests that waited with sleeps for the throttle window and for posted
// work; here time moves only when the test says so.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "engine/publisher_track.hpp"
#include "engine/recording_tap.hpp"
#include "engine/support/media_checks.hpp"
#include "engine/support/one_thread_room.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

class PublisherTrackTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }

  void bob_sends_pli() {
    std::array<uint8_t, rtc::RtcpPli::kSize> buf{};
    ASSERT_TRUE(rtc::RtcpPli::write(kBobRtcpSsrc, kOutVideoSsrc, buf).ok());
    room_.bob().send_rtcp(buf);
    room_.pump();
  }

  // PLIs for alice's video that reached her since the last call.
  int plis_at_alice() {
    int n = 0;
    for (const auto& d : room_.alice_rtcp()) {
      n += static_cast<int>(std::count(d.pli_ssrcs.begin(), d.pli_ssrcs.end(), kVideoSsrc));
    }
    return n;
  }

  OneThreadRoom room_;
};

TEST_F(PublisherTrackTest, SubscriberPliReachesPublisherThrottled) {
  // Connecting bob already asked alice for a keyframe; let that request's window pass.
  room_.advance(ReceiveStream::kKeyframeRetry + 100ms);
  plis_at_alice();

  bob_sends_pli();
  EXPECT_EQ(plis_at_alice(), 1);
  room_.advance(50ms);
  bob_sends_pli();
  EXPECT_EQ(plis_at_alice(), 0) << "a second PLI 50 ms after the first";

  // Once the window has passed, the next request goes through again.
  room_.advance(ReceiveStream::kKeyframeRetry);
  bob_sends_pli();
  EXPECT_EQ(plis_at_alice(), 1);
}

TEST_F(PublisherTrackTest, AKeyframeEndsTheRequestSoTheNextGoesOutAtOnce) {
  room_.advance(ReceiveStream::kKeyframeRetry + 100ms);
  plis_at_alice();
  RtpSource video{kVideoSsrc, kVp8Pt, 10, 5000, 3000};
  bob_sends_pli();
  EXPECT_EQ(plis_at_alice(), 1);
  room_.alice_sends({video.vp8_keyframe()});  // answers it
  room_.advance(20ms);
  bob_sends_pli();
  EXPECT_EQ(plis_at_alice(), 1) << "a request after the keyframe came was held back";
}

class CountingTap : public RecordingTap {
 public:
  void on_rtp(PublisherTrack& track, const rtc::RtpPacket&, TimePoint) override {
    ++packets[track.id()];
  }
  void on_sender_report(PublisherTrack&, const rtc::RtcpSenderInfo&) override {}
  std::map<std::string, int> packets;
};

TEST_F(PublisherTrackTest, ATappedRoomHandsEveryPublishedPacketToTheTap) {
  auto tap = std::make_shared<CountingTap>();
  room_.room().set_recording_tap(tap);
  RtpSource audio{kAudioSsrc, kOpusPt, 100, 1000, 960};
  room_.alice_sends(opus_frames(audio, 20));
  EXPECT_EQ(room_.bob().take_rtp().size(), 20u);
  EXPECT_EQ(tap->packets[kAudioTrack], 20);

  room_.room().set_recording_tap(nullptr);
  room_.alice_sends(opus_frames(audio, 5));
  EXPECT_EQ(room_.bob().take_rtp().size(), 5u);
  EXPECT_EQ(tap->packets[kAudioTrack], 20) << "an untapped room still fed the tap";
}

}  // namespace
}  // namespace meet::engine::testing
