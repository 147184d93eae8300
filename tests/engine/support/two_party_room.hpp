#pragma once
// A real Engine on loopback with one room and two LoopbackPeers: alice publishes a VP8 video
// track (with RTX) and an Opus audio track on her publisher transport; bob subscribes to both
// on his subscriber transport. No signaling: the configuration SDP negotiation would produce is
// handed to the engine directly, the way signal/ does.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine.hpp"
#include "engine/support/loopback_peer.hpp"

namespace meet::engine::testing {

// Alice's tracks as her browser would send them.
inline constexpr uint32_t kVideoSsrc = 1111;
inline constexpr uint32_t kVideoRtxSsrc = 2222;
inline constexpr uint32_t kAudioSsrc = 3333;
// Bob's m-lines: the SSRCs the engine rewrites to.
inline constexpr uint32_t kOutVideoSsrc = 5555;
inline constexpr uint32_t kOutVideoRtxSsrc = 6666;
inline constexpr uint32_t kOutAudioSsrc = 7777;
// Sender SSRC of the RTCP feedback bob's client sends.
inline constexpr uint32_t kBobRtcpSsrc = 0xb0b0b0b0;
inline constexpr uint8_t kVp8Pt = 96;
inline constexpr uint8_t kRtxPt = 97;
inline constexpr uint8_t kOpusPt = 111;
inline constexpr uint8_t kTwccExtensionId = 5;  // transport-wide-cc, as Chrome numbers it

inline constexpr char kRoom[] = "room-1";
inline constexpr char kAlice[] = "alice";
inline constexpr char kBob[] = "bob";
inline constexpr char kVideoTrack[] = "alice-camera";
inline constexpr char kAudioTrack[] = "alice-microphone";

// The engine's side of each transport (normally generated for the SDP answer).
inline constexpr char kAliceServerUfrag[] = "srvalice";
inline constexpr char kAliceServerPwd[] = "alicePublisherPassword0123";
inline constexpr char kBobServerUfrag[] = "srvbob01";
inline constexpr char kBobServerPwd[] = "bobSubscriberPassword01234";

inline CodecConfig vp8_codec() {
  return CodecConfig{kVp8Pt, "VP8", 90000, 0, "", {"nack", "nack pli"}, kRtxPt};
}
inline CodecConfig opus_codec() {
  return CodecConfig{kOpusPt, "opus", 48000, 2, "minptime=10;useinbandfec=1", {}, std::nullopt};
}

// The media worker's UDP port, read back from an ICE candidate
// ("candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host generation 0").
inline udp::endpoint udp_candidate_endpoint(const std::vector<std::string>& candidates) {
  for (const auto& c : candidates) {
    std::istringstream in(c);
    std::string foundation, component, transport, priority, ip;
    uint16_t port = 0;
    in >> foundation >> component >> transport >> priority >> ip >> port;
    if (transport == "udp") return udp::endpoint(asio::ip::make_address(ip), port);
  }
  ADD_FAILURE() << "no udp candidate";
  return {};
}

class TwoPartyRoom {
 public:
  // Starts the control loop and the engine and configures both participants. Does not connect.
  TwoPartyRoom()
      : work_(asio::make_work_guard(control_)),
        control_thread_([this] { control_.run(); }),
        engine_(EngineOptions{1, "127.0.0.1", "127.0.0.1", 0, 0, true, false}, control_),
        alice_("alice"),
        bob_("bob") {
    engine_.start();
    server_ = udp_candidate_endpoint(engine_.candidates_for(kRoom));
    configure_alice();
    configure_bob();
  }

  ~TwoPartyRoom() {
    engine_.stop();
    work_.reset();
    control_thread_.join();
  }

  TwoPartyRoom(const TwoPartyRoom&) = delete;
  TwoPartyRoom& operator=(const TwoPartyRoom&) = delete;

  // ICE + DTLS for alice's publisher and bob's subscriber transports.
  ::testing::AssertionResult connect() {
    auto a =
        alice_.connect(server_, kAliceServerUfrag, kAliceServerPwd, engine_.fingerprint_sha256());
    if (!a) return a;
    return bob_.connect(server_, kBobServerUfrag, kBobServerPwd, engine_.fingerprint_sha256());
  }

  // Control operations are posted to the media worker with no completion notice; on an idle
  // loopback worker they run within microseconds. Tests wait this long after one before
  // sending media that depends on it.
  static void settle() { std::this_thread::sleep_for(milliseconds(50)); }

  Engine& engine() { return engine_; }
  LoopbackPeer& alice() { return alice_; }
  LoopbackPeer& bob() { return bob_; }
  const udp::endpoint& server() const { return server_; }

 private:
  void configure_alice() {
    engine_.add_participant(kRoom, kAlice, {});
    engine_.set_transport(kRoom, kAlice, TransportKind::kPublisher,
                          alice_.transport_params(kAliceServerUfrag, kAliceServerPwd));
    PublishedTrackConfig video;
    video.track_id = kVideoTrack;
    video.kind = "video";
    video.mid = "0";
    video.codecs = {vp8_codec()};
    video.ssrcs = {kVideoSsrc};
    video.rtx_ssrc = kVideoRtxSsrc;
    video.twcc_extension_id = kTwccExtensionId;
    PublishedTrackConfig audio;
    audio.track_id = kAudioTrack;
    audio.kind = "audio";
    audio.mid = "1";
    audio.codecs = {opus_codec()};
    audio.ssrcs = {kAudioSsrc};
    engine_.set_published_tracks(kRoom, kAlice, {video, audio});
  }

  void configure_bob() {
    engine_.add_participant(kRoom, kBob, {});
    engine_.set_transport(kRoom, kBob, TransportKind::kSubscriber,
                          bob_.transport_params(kBobServerUfrag, kBobServerPwd));
    SubscriptionConfig video{"0",           kAlice,           kVideoTrack,
                             kOutVideoSsrc, kOutVideoRtxSsrc, vp8_codec()};
    SubscriptionConfig audio{"1", kAlice, kAudioTrack, kOutAudioSsrc, std::nullopt, opus_codec()};
    engine_.set_subscriptions(kRoom, kBob, {video, audio});
  }

  asio::io_context control_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread control_thread_;
  Engine engine_;
  LoopbackPeer alice_;
  LoopbackPeer bob_;
  udp::endpoint server_;
};

}  // namespace meet::engine::testing
