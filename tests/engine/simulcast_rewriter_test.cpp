// The simulcast rewriter across layer switches, on one thread with a fake clock: what leaves
// for one subscriber is one stream (sequence numbers without a gap, timestamps that advance
// with time, VP8 picture ids and TL0PICIDX that continue) whatever layer it comes from.
#include "engine/simulcast_rewriter.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtc/codecs/vp8_descriptor.hpp"

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// One simulcast layer as a publisher sends it: its own sequence numbers, RTP clock base,
// picture ids and TL0PICIDX, two packets per frame, a frame every 33 ms.
struct Layer {
  int index;
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;
  uint8_t tl0;
};

struct Packet {
  int layer;
  uint16_t seq;
  uint32_t ts;
  std::vector<uint8_t> payload;
};

std::vector<uint8_t> vp8_payload(uint16_t picture_id, uint8_t tl0, bool keyframe, bool first) {
  return {
      static_cast<uint8_t>(first ? 0x90 : 0x80),  // X=1, S on the first packet, PID=0
      0xe0,                                       // I=1 L=1 T=1
      static_cast<uint8_t>(0x80 | (picture_id >> 8)),
      static_cast<uint8_t>(picture_id),  // M=1
      tl0,
      0x20,  // TID=0 Y=1
      static_cast<uint8_t>(keyframe ? 0x10 : 0x11),
      0x02,
      0x00,  // frame tag, P bit
      0x9d,
      0x01,
      0x2a,
      0x80,
      0x02,
      0xe0,
      0x01,
  };
}

std::vector<Packet> frame(Layer& l, bool keyframe) {
  std::vector<Packet> out;
  for (int i = 0; i < 2; ++i) {
    out.push_back({l.index, l.seq++, l.ts, vp8_payload(l.picture_id, l.tl0, keyframe, i == 0)});
  }
  l.ts += 3000;
  l.picture_id = (l.picture_id + 1) & 0x7fff;
  l.tl0 = static_cast<uint8_t>(l.tl0 + 1);
  return out;
}

struct Sent {
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;
  uint8_t tl0;
  Clock::time_point at;
};

class SimulcastRewriterTest : public ::testing::Test {
 protected:
  // What SubscriberTrack does per packet: switch at the first packet of another layer, then
  // rewrite a copy and record it.
  void forward(const Packet& p) {
    if (p.layer != rewriter_.stream()) {
      rewriter_.switch_to(p.layer, p.seq, p.ts, p.payload, now_);
    }
    std::vector<uint8_t> copy = p.payload;
    rewriter_.rewrite_payload(copy);
    const uint16_t seq = rewriter_.take_sequence(p.seq).value();
    const uint32_t ts = rewriter_.timestamp(p.ts);
    rewriter_.on_sent(seq, ts, copy, now_);
    auto d = rtc::Vp8Descriptor::parse(copy);
    ASSERT_TRUE(d.ok());
    sent_.push_back({seq, ts, d->picture_id(), d->tl0picidx(), now_});
  }
  void frames(Layer& l, int n, bool first_is_key) {
    for (int i = 0; i < n; ++i) {
      for (const auto& p : frame(l, first_is_key && i == 0)) forward(p);
      now_ += 33ms;
    }
  }

  Clock::time_point now_{};
  SimulcastRewriter rewriter_{rtc::Codec::kVp8, 0x10000000, 500};
  std::vector<Sent> sent_;
};

TEST_F(SimulcastRewriterTest, OneContinuousStreamAcrossSwitchesUpAndDown) {
  now_ += 10s;
  Layer low{0, 65530, 4000000000u, 0x7ffd, 254};  // everything about to wrap
  Layer high{2, 12000, 77, 9000, 17};
  frames(low, 5, true);
  frames(high, 5, true);
  now_ += 100ms;  // a pause in sending (e.g. waiting for the keyframe)
  frames(low, 5, true);

  ASSERT_EQ(sent_.size(), 30u);
  EXPECT_EQ(sent_.front().seq, 500);
  for (size_t i = 1; i < sent_.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(sent_[i].seq, static_cast<uint16_t>(sent_[i - 1].seq + 1));
    const bool new_frame = i % 2 == 0;
    if (!new_frame) {
      EXPECT_EQ(sent_[i].ts, sent_[i - 1].ts);
      EXPECT_EQ(sent_[i].picture_id, sent_[i - 1].picture_id);
      continue;
    }
    // Timestamps advance at the 90 kHz clock, as far as time went (one frame is 33 ms).
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(sent_[i].at - sent_[i - 1].at);
    const auto advance = static_cast<int64_t>(static_cast<uint32_t>(sent_[i].ts - sent_[i - 1].ts));
    EXPECT_GT(advance, 0);
    EXPECT_NEAR(advance, ms.count() * 90, 90 * 2);
    EXPECT_EQ(sent_[i].picture_id, (sent_[i - 1].picture_id + 1) & 0x7fff);
    EXPECT_EQ(sent_[i].tl0, static_cast<uint8_t>(sent_[i - 1].tl0 + 1));
  }
}

TEST_F(SimulcastRewriterTest, FirstStreamKeepsItsIdsAndSameStreamKeepsItsClock) {
  Layer l{1, 100, 9000, 42, 7};
  frames(l, 2, true);
  EXPECT_EQ(sent_[0].picture_id, 42);
  EXPECT_EQ(sent_[0].tl0, 7);
  EXPECT_EQ(sent_[0].ts, 9000u + 0x10000000);
  // Paused, then the same layer again: its RTP clock did not change, nor does the mapping.
  rewriter_.stop();
  l.seq += 50;  // packets that were not forwarded
  l.ts += 90000;
  now_ += 1s;
  frames(l, 1, true);
  EXPECT_EQ(sent_.back().ts, l.ts - 3000 + 0x10000000);
  EXPECT_EQ(sent_[4].seq, static_cast<uint16_t>(sent_[3].seq + 1));
}

TEST_F(SimulcastRewriterTest, MapsNacksBackOnlyForPacketsOfTheCurrentLayer) {
  Layer low{0, 1000, 0, 1, 1};
  Layer high{2, 5000, 0, 1, 1};
  frames(low, 2, true);
  const uint16_t low_out = sent_[1].seq;
  frames(high, 2, true);
  uint16_t in = 0;
  ASSERT_TRUE(rewriter_.original_sequence(sent_.back().seq, in));
  EXPECT_EQ(in, static_cast<uint16_t>(high.seq - 1));
  // A number sent before the switch names a packet of another layer: not mapped.
  EXPECT_FALSE(rewriter_.original_sequence(low_out, in));
}

}  // namespace
}  // namespace meet::engine
