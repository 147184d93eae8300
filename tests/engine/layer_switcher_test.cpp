// Layer switches under loss, on one thread with a fake clock (issue 17): a subscriber moves to
// a new simulcast layer only once one of its keyframes has fully arrived (retransmissions
// included); until then, and for ever if it never completes, the old layer keeps flowing; and
// what leaves stays one stream (sequence numbers without a gap, timestamps and VP8 picture ids
// that move forward). The Forwarder below does what SubscriberTrack does with the decisions:
// LayerSwitcher, SimulcastRewriter and a packet cache, without sockets.
#include "engine/layer_switcher.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

#include "engine/simulcast_rewriter.hpp"
#include "rtc/codecs/keyframe.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Action = SwitchDecision::Action;

struct Packet {
  int layer = 0;
  uint16_t seq = 0;
  uint32_t ts = 0;
  bool marker = false;
  std::vector<uint8_t> payload;
};

std::vector<uint8_t> vp8_payload(uint16_t picture_id, uint8_t tl0, bool keyframe, bool first) {
  return {
      static_cast<uint8_t>(first ? 0x90 : 0x80),  // X=1, S on the first packet, PID=0
      0xe0,                                       // I=1 L=1 T=1
      static_cast<uint8_t>(0x80 | (picture_id >> 8)),
      static_cast<uint8_t>(picture_id),  // M=1
      tl0,
      0x20,                                          // TID=0 Y=1
      static_cast<uint8_t>(keyframe ? 0x10 : 0x11),  // frame tag, P bit
      0x02,
      0x00,
      0x9d,
      0x01,
      0x2a,
  };
}

// One simulcast layer as a publisher sends it: its own sequence numbers, RTP clock base and
// picture ids, three packets per frame.
struct Layer {
  int index;
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;
  uint8_t tl0 = 0;

  std::vector<Packet> frame(bool keyframe) {
    std::vector<Packet> out;
    for (int i = 0; i < 3; ++i) {
      out.push_back({index, seq++, ts, i == 2, vp8_payload(picture_id, tl0, keyframe, i == 0)});
    }
    ts += 3000;
    picture_id = static_cast<uint16_t>((picture_id + 1) & 0x7fff);
    ++tl0;
    return out;
  }
};

struct Sent {
  int layer;
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;
  bool keyframe_start;
};

// SubscriberTrack's use of the switcher, with a map for the publisher's packet cache.
struct Forwarder {
  LayerSwitcher switcher;
  SimulcastRewriter rewriter{rtc::Codec::kVp8, 5000, 100};
  std::map<std::pair<int, uint16_t>, Packet> cache;
  std::vector<Sent> sent;
  std::vector<int> requests;

  void set_target(int layer, Clock::time_point now) {
    if (int r = switcher.set_target(layer, now); r >= 0) requests.push_back(r);
  }

  // A packet arriving from the publisher (first sight or a retransmission).
  void arrive(const Packet& p, Clock::time_point now) {
    cache[{p.layer, p.seq}] = p;
    SwitchPacket sp{p.layer, p.seq, p.ts, p.marker, rtc::is_keyframe(rtc::Codec::kVp8, p.payload)};
    const SwitchDecision d = switcher.on_packet(sp, now);
    if (d.request_layer >= 0) requests.push_back(d.request_layer);
    if (d.action == Action::kForward || d.action == Action::kForwardThenSwitch) send(p, now);
    if (d.action == Action::kSwitch || d.action == Action::kForwardThenSwitch) {
      for (uint16_t seq = d.first;; ++seq) {
        auto it = cache.find({d.layer, seq});
        if (it != cache.end()) {
          if (seq == d.first) {
            rewriter.switch_to(d.layer, seq, it->second.ts, it->second.payload, now);
          }
          send(it->second, now);
        }
        if (seq == d.last) break;
      }
    }
  }

  void send(const Packet& p, Clock::time_point now) {
    std::vector<uint8_t> payload = p.payload;
    rewriter.rewrite_payload(payload);
    const uint16_t seq = rewriter.take_sequence(p.seq).value();
    const uint32_t ts = rewriter.timestamp(p.ts);
    rewriter.on_sent(seq, ts, payload, now);
    auto d = rtc::Vp8Descriptor::parse(payload);
    sent.push_back({p.layer, seq, ts, d ? d->picture_id() : uint16_t{0},
                    rtc::is_keyframe(rtc::Codec::kVp8, payload)});
  }
};

// What left is one stream: every sequence number once and in order, timestamps and picture
// ids that never go back.
void expect_one_stream(const std::vector<Sent>& sent) {
  for (size_t i = 1; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].seq, static_cast<uint16_t>(sent[i - 1].seq + 1)) << "packet " << i;
    EXPECT_GE(static_cast<int32_t>(sent[i].ts - sent[i - 1].ts), 0) << "packet " << i;
    const auto pid_step =
        static_cast<uint16_t>((sent[i].picture_id - sent[i - 1].picture_id) & 0x7fff);
    EXPECT_LE(pid_step, 1) << "packet " << i;
  }
}

class LayerSwitcherTest : public ::testing::Test {
 protected:
  // Layer 0 flowing, the target just moved to layer 1.
  void SetUp() override {
    f_.set_target(0, now_);
    for (auto& p : low_.frame(true)) f_.arrive(p, now_);
    ASSERT_EQ(f_.switcher.current(), 0);
    step(1);
    f_.requests.clear();
    f_.set_target(1, now_);
  }
  // Frames of both layers for `frames` frame times (layer 1 deltas).
  void step(int frames) {
    for (int i = 0; i < frames; ++i) {
      now_ += 33ms;
      for (auto& p : low_.frame(false)) f_.arrive(p, now_);
      for (auto& p : high_.frame(false)) f_.arrive(p, now_);
    }
  }
  size_t sent_of_layer(int layer, size_t from = 0) const {
    size_t n = 0;
    for (size_t i = from; i < f_.sent.size(); ++i) n += f_.sent[i].layer == layer;
    return n;
  }

  Clock::time_point now_ = Clock::time_point{} + 10s;
  Layer low_{0, 1000, 90000, 300};
  Layer high_{1, 40000, 7'000'000, 9000};
  Forwarder f_;
};

TEST_F(LayerSwitcherTest, SwitchesAtACompleteKeyframeAndAsksForIt) {
  EXPECT_EQ(f_.requests, std::vector<int>{1});
  step(2);  // layer 1 deltas: nothing to start from, layer 0 keeps flowing
  EXPECT_EQ(f_.switcher.current(), 0);
  now_ += 33ms;
  for (auto& p : high_.frame(true)) f_.arrive(p, now_);
  EXPECT_EQ(f_.switcher.current(), 1);
  step(3);
  ASSERT_FALSE(f_.sent.empty());
  // The keyframe went out whole, then only layer 1.
  size_t kf = 0;
  while (kf < f_.sent.size() && !(f_.sent[kf].layer == 1)) ++kf;
  ASSERT_LT(kf, f_.sent.size());
  EXPECT_TRUE(f_.sent[kf].keyframe_start);
  EXPECT_EQ(sent_of_layer(0, kf), 0u);
  EXPECT_EQ(sent_of_layer(1, kf), 3u + 9u);
  expect_one_stream(f_.sent);
  EXPECT_EQ(f_.switcher.switches(), 2u);
}

TEST_F(LayerSwitcherTest, WaitsForARetransmissionThatCompletesTheKeyframe) {
  now_ += 33ms;
  auto key = high_.frame(true);
  f_.arrive(key[0], now_);
  f_.arrive(key[2], now_);  // the middle packet is lost
  for (auto& p : low_.frame(false)) f_.arrive(p, now_);
  step(2);  // the old layer still flows: the picture does not stop
  EXPECT_EQ(f_.switcher.current(), 0);
  EXPECT_EQ(sent_of_layer(1), 0u);
  const size_t before = f_.sent.size();
  now_ += 20ms;
  f_.arrive(key[1], now_);  // the retransmission
  EXPECT_EQ(f_.switcher.current(), 1);
  // The keyframe and the two layer-1 frames that came behind it, from the cache, in order.
  ASSERT_EQ(f_.sent.size(), before + 9);
  EXPECT_TRUE(f_.sent[before].keyframe_start);
  step(1);
  EXPECT_EQ(sent_of_layer(0, before), 0u);
  expect_one_stream(f_.sent);
}

TEST_F(LayerSwitcherTest, KeepsTheOldLayerWhileTheKeyframeNeverCompletesAndAsksAgain) {
  now_ += 33ms;
  auto key = high_.frame(true);
  f_.arrive(key[0], now_);  // key[1] and key[2] never arrive
  f_.requests.clear();
  step(30);  // about a second
  EXPECT_EQ(f_.switcher.current(), 0);
  EXPECT_EQ(sent_of_layer(1), 0u);
  EXPECT_EQ(sent_of_layer(0), 3u * 32);  // every packet of the old layer went out
  EXPECT_GE(f_.switcher.keyframes_given_up(), 1u);
  // Asked again, but throttled: about one request per kKeyframeWait.
  EXPECT_GE(f_.requests.size(), 1u);
  EXPECT_LE(f_.requests.size(), 2u);
  for (int r : f_.requests) EXPECT_EQ(r, 1);
  // The next keyframe comes whole: now it switches, and the stream stays one.
  now_ += 33ms;
  for (auto& p : high_.frame(true)) f_.arrive(p, now_);
  EXPECT_EQ(f_.switcher.current(), 1);
  step(2);
  expect_one_stream(f_.sent);
}

TEST_F(LayerSwitcherTest, SwitchesAtTheEndOfTheOldFrame) {
  now_ += 33ms;
  auto old_frame = low_.frame(false);
  f_.arrive(old_frame[0], now_);
  for (auto& p : high_.frame(true)) f_.arrive(p, now_);
  EXPECT_EQ(f_.switcher.current(), 0);  // the old frame is half out
  f_.arrive(old_frame[1], now_);
  f_.arrive(old_frame[2], now_);  // its marker: then the switch
  EXPECT_EQ(f_.switcher.current(), 1);
  EXPECT_EQ(f_.sent[f_.sent.size() - 4].layer, 0);
  EXPECT_TRUE(f_.sent[f_.sent.size() - 3].keyframe_start);
  expect_one_stream(f_.sent);
}

TEST_F(LayerSwitcherTest, GoesDownOnlyWhenAskedRepeatedlyAndNotBackUpAtOnce) {
  now_ += 33ms;
  for (auto& p : high_.frame(true)) f_.arrive(p, now_);
  ASSERT_EQ(f_.switcher.current(), 1);
  // One dip of the estimate: ignored.
  f_.set_target(0, now_);
  f_.set_target(1, now_ + 200ms);
  EXPECT_EQ(f_.switcher.target(), 1);
  // Asked three allocations in a row: taken.
  for (int i = 0; i < LayerSwitcher::kDownConfirmations; ++i) {
    now_ += 200ms;
    f_.set_target(0, now_);
  }
  EXPECT_EQ(f_.switcher.target(), 0);
  now_ += 33ms;
  for (auto& p : low_.frame(true)) f_.arrive(p, now_);
  ASSERT_EQ(f_.switcher.current(), 0);
  // Up again right away: held back for kUpHoldoff.
  f_.set_target(1, now_ + 1s);
  EXPECT_EQ(f_.switcher.target(), 0);
  f_.set_target(1, now_ + LayerSwitcher::kUpHoldoff);
  EXPECT_EQ(f_.switcher.target(), 1);
}

TEST_F(LayerSwitcherTest, LeavesALayerThePublisherStoppedWithoutWaitingForTheAllocator) {
  now_ += 33ms;
  for (auto& p : high_.frame(true)) f_.arrive(p, now_);
  ASSERT_EQ(f_.switcher.current(), 1);
  step(2);
  f_.requests.clear();
  // The publisher drops layer 1; layer 0 keeps coming. The allocator, which sees a layer as
  // gone only after ReceiveStream::kIdleAfter, keeps asking for layer 1.
  const auto stopped = now_;
  while (now_ - stopped < LayerSwitcher::kSilentAfter + 33ms) {
    now_ += 33ms;
    for (auto& p : low_.frame(false)) f_.arrive(p, now_);
    f_.set_target(1, now_);
  }
  EXPECT_EQ(f_.switcher.target(), 0);
  EXPECT_EQ(f_.requests, std::vector<int>{0});  // asked at once, not after 3 allocations
  EXPECT_EQ(f_.switcher.silent_layers_left(), 1u);
  EXPECT_EQ(f_.switcher.current(), 1);  // nothing to show of layer 0 before its keyframe
  now_ += 33ms;
  for (auto& p : low_.frame(true)) f_.arrive(p, now_);
  EXPECT_EQ(f_.switcher.current(), 0);
  ASSERT_GE(f_.sent.size(), 3u);
  EXPECT_TRUE(f_.sent[f_.sent.size() - 3].keyframe_start);  // the keyframe went out whole
  step(2);
  EXPECT_EQ(sent_of_layer(0, f_.sent.size() - 6), 6u);
  expect_one_stream(f_.sent);
  // Layer 1 back at once: the allocator's wish waits for the hold-off after a step down.
  f_.set_target(1, now_ + 200ms);
  EXPECT_EQ(f_.switcher.target(), 0);
}

TEST(LayerSwitcher, PausesAtOnceAndRestartsAtAKeyframe) {
  LayerSwitcher s;
  const auto t = Clock::time_point{} + 1s;
  EXPECT_EQ(s.restart(t), 0);
  SwitchPacket key{0, 10, 900, true, true};
  EXPECT_EQ(s.on_packet(key, t).action, Action::kSwitch);
  EXPECT_EQ(s.set_target(-1, t), -1);
  EXPECT_EQ(s.current(), -1);
  SwitchPacket delta{0, 11, 3900, true, false};
  EXPECT_EQ(s.on_packet(delta, t).action, Action::kDrop);
  EXPECT_EQ(s.set_target(0, t), 0);
  EXPECT_EQ(s.on_packet(SwitchPacket{0, 12, 6900, true, false}, t).action, Action::kDrop);
  EXPECT_EQ(s.on_packet(SwitchPacket{0, 13, 9900, true, true}, t).action, Action::kSwitch);
}

}  // namespace
}  // namespace meet::engine
