// The recorder's hooks into the engine over real sockets: a tapped room hands every packet a
// publisher sends to the RecordingTap (and stops when untapped), and a keyframe request from
// the recorder reaches the publisher as a PLI.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "engine/publisher_track.hpp"
#include "engine/recording_tap.hpp"
#include "engine/support/media_checks.hpp"
#include "engine/support/rtcp_digest.hpp"
#include "engine/support/two_party_room.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

class CountingTap : public RecordingTap {
 public:
  void on_rtp(PublisherTrack& track, const rtc::RtpPacket&,
              std::chrono::steady_clock::time_point) override {
    std::lock_guard lock(mutex_);
    ++packets_[track.id()];
  }
  void on_sender_report(PublisherTrack&, const rtc::RtcpSenderInfo&) override {}
  int packets(const std::string& track) {
    std::lock_guard lock(mutex_);
    return packets_[track];
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> packets_;
};

TEST(EngineRecordingTap, ATappedRoomHandsEveryPublishedPacketToTheTap) {
  TwoPartyRoom room;
  ASSERT_TRUE(room.connect());
  auto tap = std::make_shared<CountingTap>();
  room.engine().set_recording_tap(kRoom, tap);
  // The tap is posted to the worker; the worker reads a burst of datagrams in one go, so let
  // the post run before the packets arrive.
  std::this_thread::sleep_for(100ms);
  RtpSource audio{kAudioSsrc, kOpusPt, 100, 1000, 960};
  auto sent = opus_frames(audio, 20);
  send_all(room.alice(), sent);
  // Bob got them, so the worker handled them: the tap saw each one before it was forwarded.
  ASSERT_EQ(receive_packets(room.bob(), sent.size(), 3s).size(), sent.size());
  EXPECT_EQ(tap->packets(kAudioTrack), 20);

  room.engine().set_recording_tap(kRoom, nullptr);
  std::this_thread::sleep_for(100ms);
  auto more = opus_frames(audio, 5);
  send_all(room.alice(), more);
  ASSERT_EQ(receive_packets(room.bob(), more.size(), 3s).size(), more.size());
  EXPECT_EQ(tap->packets(kAudioTrack), 20) << "an untapped room still fed the tap";
}

TEST(EngineRecordingTap, AKeyframeRequestReachesThePublisher) {
  TwoPartyRoom room;
  ASSERT_TRUE(room.connect());
  RtpSource video{kVideoSsrc, kVp8Pt, 10, 5000, 3000};
  // A delta frame: the track learns its SSRC, and Bob's subscription asks for a keyframe once.
  room.alice().send_rtp(video.vp8_delta().bytes);
  auto has_pli = [](const RtcpDigest& d) { return d.has_pli(kVideoSsrc); };
  ASSERT_TRUE(wait_for_rtcp(room.alice(), has_pli, 2s).has_value());
  ASSERT_FALSE(wait_for_rtcp(room.alice(), has_pli, 500ms).has_value())
      << "PLIs keep coming without the recorder";
  room.engine().request_keyframe(kRoom, kAlice, kVideoTrack);
  auto pli = wait_for_rtcp(room.alice(), has_pli, 2s);
  EXPECT_TRUE(pli.has_value()) << "no PLI after the recorder asked for a keyframe";
}

}  // namespace
}  // namespace meet::engine::testing
