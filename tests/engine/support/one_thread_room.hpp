#pragma once
// A real Room on one thread: FakeWorkerIo for sockets and clock, two FakePeers that connect
// through the engine's real ICE-lite agent, DTLS handshake and SRTP. Alice publishes a VP8
// video track (with RTX) and an Opus track; bob subscribes to both, configured as
// TwoPartyRoom does. Time moves only in advance(), which ticks the room every 20 ms as the
// media worker does; every datagram is handed over at once by pump(). No sockets, no sleeps.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "engine/room.hpp"
#include "engine/support/fake_peer.hpp"
#include "engine/support/fake_worker_io.hpp"
#include "engine/support/rtcp_digest.hpp"
#include "engine/support/rtp_source.hpp"
#include "engine/support/two_party_room.hpp"

namespace meet::engine::testing {

class OneThreadRoom {
 public:
  static constexpr auto kTick = std::chrono::milliseconds(20);  // the media worker's

  OneThreadRoom()
      : room_(kRoom, io_),
        alice_(kAlice, peer_address(1)),
        bob_(kBob, peer_address(2)),
        alice_part_(room_.add_participant(kAlice, {})),
        bob_part_(room_.add_participant(kBob, {})) {
    alice_part_.set_transport(TransportKind::kPublisher,
                              alice_.transport_params(kAliceServerUfrag, kAliceServerPwd));
    alice_part_.set_published_tracks({video_config(), audio_config()});
    bob_part_.set_transport(TransportKind::kSubscriber,
                            bob_.transport_params(kBobServerUfrag, kBobServerPwd));
    SubscriptionConfig video{"0",           kAlice,           kVideoTrack,
                             kOutVideoSsrc, kOutVideoRtxSsrc, vp8_codec()};
    SubscriptionConfig audio{"1", kAlice, kAudioTrack, kOutAudioSsrc, std::nullopt, opus_codec()};
    bob_part_.set_subscriptions({video, audio}, now());
  }

  static rtc::Endpoint peer_address(uint8_t host) {
    return rtc::Endpoint{
        boost::asio::ip::make_address_v4(std::array<unsigned char, 4>{192, 0, 2, host}), 5000,
        false};
  }
  static PublishedTrackConfig video_config() {
    PublishedTrackConfig video;
    video.track_id = kVideoTrack;
    video.kind = "video";
    video.mid = "0";
    video.codecs = {vp8_codec()};
    video.ssrcs = {kVideoSsrc};
    video.rtx_ssrc = kVideoRtxSsrc;
    return video;
  }
  static PublishedTrackConfig audio_config() {
    PublishedTrackConfig audio;
    audio.track_id = kAudioTrack;
    audio.kind = "audio";
    audio.mid = "1";
    audio.codecs = {opus_codec()};
    audio.ssrcs = {kAudioSsrc};
    return audio;
  }

  // ICE then DTLS for alice's publisher and bob's subscriber transport.
  ::testing::AssertionResult connect() {
    auto a = connect(alice_, kAliceServerUfrag, kAliceServerPwd);
    if (!a) return a;
    return connect(bob_, kBobServerUfrag, kBobServerPwd);
  }

  // Moves every queued datagram to its receiver, both ways, until nothing is in flight.
  void pump() {
    for (int round = 0; round < 100; ++round) {
      bool moved = false;
      for (auto& d : io_.take_sent()) {
        moved = true;
        if (d.to == alice_.address()) alice_.receive(d.bytes, now());
        if (d.to == bob_.address()) bob_.receive(d.bytes, now());
      }
      for (FakePeer* p : {&alice_, &bob_}) {
        while (!p->outbox().empty()) {
          moved = true;
          Bytes bytes = std::move(p->outbox().front());
          p->outbox().pop_front();
          io_.deliver(bytes, p->address());
        }
      }
      io_.run_posted();
      if (!moved) return;
    }
    ADD_FAILURE() << "datagrams still in flight after 100 rounds";
  }

  // Lets `d` pass in media worker ticks, pumping after each.
  void advance(std::chrono::milliseconds d) {
    for (auto left = d; left > std::chrono::milliseconds::zero(); left -= kTick) {
      io_.manual_clock().advance(std::min(left, std::chrono::milliseconds(kTick)));
      room_.tick(now());
      pump();
    }
  }

  // Sends plain RTP packets from alice and hands them to the engine.
  void alice_sends(const std::vector<SentRtp>& packets) {
    for (const auto& p : packets) alice_.send_rtp(p.bytes);
    pump();
  }

  // RTCP alice received, each compound read into a digest.
  std::vector<RtcpDigest> alice_rtcp() {
    std::vector<RtcpDigest> out;
    for (const auto& c : alice_.take_rtcp()) out.push_back(RtcpDigest::of(c));
    return out;
  }

  TimePoint now() const { return io_.now(); }
  FakeWorkerIo& io() { return io_; }
  Room& room() { return room_; }
  FakePeer& alice() { return alice_; }
  FakePeer& bob() { return bob_; }
  Participant& alice_participant() { return alice_part_; }
  Participant& bob_participant() { return bob_part_; }

 private:
  ::testing::AssertionResult connect(FakePeer& peer, const std::string& ufrag,
                                     const std::string& pwd) {
    peer.check(ufrag, pwd);
    pump();
    if (!peer.ice_succeeded()) {
      return ::testing::AssertionFailure() << peer.name() << ": no ICE success response";
    }
    peer.start_dtls(io_.fingerprint_sha256(), now());
    pump();
    if (!peer.connected()) {
      return ::testing::AssertionFailure()
             << peer.name() << ": DTLS did not connect: " << peer.dtls_failure();
    }
    return ::testing::AssertionSuccess();
  }

  FakeWorkerIo io_;
  Room room_;
  FakePeer alice_;
  FakePeer bob_;
  Participant& alice_part_;
  Participant& bob_part_;
};

}  // namespace meet::engine::testing
