// The recorder's hooks into the engine over real sockets: a keyframe request from the recorder
// reaches the publisher as a PLI.
#include <gtest/gtest.h>

#include "engine/support/media_checks.hpp"
#include "engine/support/rtcp_digest.hpp"
#include "engine/support/two_party_room.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

// That a tapped room hands the tap every packet is tested on one thread
// (publisher_track_test.cpp).

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
