// Temporal layers left out for one subscriber (issue 17), on one thread with a fake clock:
// a VP8 L1T3 stream (temporal layers 0, 2, 1, 2 in turn) forwarded through TemporalFilter and
// SimulcastRewriter as SubscriberTrack does. What leaves must stay one stream a decoder takes
// without a NACK: sequence numbers and picture ids without a gap over dropped frames,
// TL0PICIDX untouched, a climb only at a layer-sync frame (one layer at a time) or a keyframe,
// and a retransmission of a packet sent before a drop goes out as it went the first time.
#include "engine/temporal_filter.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

#include "engine/simulcast_rewriter.hpp"
#include "rtc/codecs/frame_info.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A VP8 payload (RFC 7741 4.2), one wire byte per line.
std::vector<uint8_t> vp8(uint16_t picture_id, uint8_t tl0, uint8_t tid, bool sync, bool key,
                         bool first) {
  return {
      static_cast<uint8_t>(first ? 0x90 : 0x80),           // X=1, S on a frame's first packet
      0xe0,                                                // I=1 L=1 T=1
      static_cast<uint8_t>(0x80 | picture_id >> 8),        // M=1, picture id (15 bits) ...
      static_cast<uint8_t>(picture_id),                    // ... low byte
      tl0,                                                 // TL0PICIDX
      static_cast<uint8_t>(tid << 6 | (sync ? 0x20 : 0)),  // TID, Y, KEYIDX 0
      static_cast<uint8_t>(key ? 0x10 : 0x11),             // frame tag: P=0 on a keyframe
      0x02,
      0x00,
  };
}

struct Packet {
  int layer = 0;
  uint16_t seq = 0;
  uint32_t ts = 0;
  std::vector<uint8_t> payload;
};

// One simulcast layer in L1T3: frames of temporal layer 0, 2, 1, 2, ...; two packets each.
// The T2 frame right after a T0 frame and every T1 frame reference the base layer only (Y).
struct Layer {
  int index = 0;
  uint16_t seq = 0;
  uint32_t ts = 0;
  uint16_t picture_id = 0;
  uint8_t tl0 = 0;
  int n = 0;  // frames since the last keyframe
  bool any = false;

  std::vector<Packet> frame(bool key = false) {
    static constexpr uint8_t kPattern[] = {0, 2, 1, 2};
    if (key) n = 0;
    const uint8_t tid = kPattern[n % 4];
    const bool sync = n % 4 == 1 || n % 4 == 2;
    if (tid == 0 && any) ++tl0;
    any = true;
    std::vector<Packet> out;
    for (int i = 0; i < 2; ++i) {
      out.push_back({index, seq++, ts, vp8(picture_id, tl0, tid, sync, key, i == 0)});
    }
    ts += 3000;
    picture_id = static_cast<uint16_t>((picture_id + 1) & 0x7fff);
    ++n;
    return out;
  }
};

struct Sent {
  uint16_t seq;
  uint16_t picture_id;
  uint8_t tl0;
  uint8_t tid;
  bool sync;
};

// SubscriberTrack's use of the filter and the rewriter, with a map as the publisher's cache.
struct Forwarder {
  SimulcastRewriter rewriter{rtc::Codec::kVp8, 0, 1000};
  TemporalFilter filter;
  std::map<std::pair<int, uint16_t>, Packet> cache;
  std::vector<Sent> sent;
  Clock::time_point now{10s};

  void start(const Packet& key) {
    rewriter.switch_to(key.layer, key.seq, key.ts, key.payload, now);
    filter.reset();
  }
  void forward(const Packet& p) {
    cache[{p.layer, p.seq}] = p;
    if (p.layer != rewriter.stream()) return;  // another simulcast layer
    const auto info = rtc::frame_info(rtc::Codec::kVp8, p.payload);
    const auto d = filter.on_packet(p.ts, info);
    if (!d.forward) {
      rewriter.skip(p.seq, d.new_frame && info.has_picture_id, info.picture_id);
      return;
    }
    send(p, false);
  }
  void frames(Layer& l, int n) {
    for (int i = 0; i < n; ++i) {
      for (const auto& p : l.frame()) forward(p);
      now += 33ms;
    }
  }
  // Answers a NACK of `out_seq` as SubscriberTrack::on_nack does; false when nothing is sent.
  bool nack(uint16_t out_seq) {
    uint16_t in = 0;
    if (!rewriter.original_sequence(out_seq, in)) return false;
    auto it = cache.find({rewriter.stream(), in});
    if (it == cache.end()) return false;
    const auto info = rtc::frame_info(rtc::Codec::kVp8, it->second.payload);
    if (!filter.forwarded(it->second.ts, info.temporal_id)) return false;
    send(it->second, true);
    return true;
  }
  void send(const Packet& p, bool retransmission) {
    std::vector<uint8_t> copy = p.payload;
    rewriter.rewrite_payload(copy, retransmission);
    const auto seq = retransmission ? rewriter.sequence(p.seq) : rewriter.take_sequence(p.seq);
    ASSERT_TRUE(seq.has_value());
    if (!retransmission) rewriter.on_sent(*seq, rewriter.timestamp(p.ts), copy, now);
    auto d = rtc::Vp8Descriptor::parse(copy);
    ASSERT_TRUE(d.ok());
    sent.push_back({*seq, d->picture_id(), d->tl0picidx(), d->temporal_id(), d->layer_sync()});
  }
};

// Sequence numbers one after the other, picture ids one per frame, TL0PICIDX one up at each
// base-layer frame: what a decoder sees of a stream with nothing lost.
void expect_one_stream(const std::vector<Sent>& sent, size_t from = 1) {
  for (size_t i = from; i < sent.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(sent[i].seq, static_cast<uint16_t>(sent[i - 1].seq + 1));
    const bool same_frame = i % 2 == 1;  // two packets per frame, all forwarded frames whole
    EXPECT_EQ(sent[i].picture_id,
              same_frame ? sent[i - 1].picture_id : (sent[i - 1].picture_id + 1) & 0x7fff);
    const uint8_t tl0_step = !same_frame && sent[i].tid == 0 ? 1 : 0;
    EXPECT_EQ(sent[i].tl0, static_cast<uint8_t>(sent[i - 1].tl0 + tl0_step));
  }
}

class TemporalFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = low_.frame(true);
    f_.start(key[0]);
    for (const auto& p : key) f_.forward(p);
  }
  Layer low_{0, 65500, 1000, 0x7ff0, 250};  // sequence numbers, picture ids, TL0PICIDX wrap
  Layer high_{2, 7000, 90000, 300, 40};
  Forwarder f_;
};

TEST_F(TemporalFilterTest, DropsTopLayersWithoutAGapInSequenceOrPictureId) {
  f_.frames(low_, 7);  // 8 frames, all layers
  EXPECT_EQ(f_.sent.size(), 16u);
  f_.filter.set_target(1);  // half the frame rate
  f_.frames(low_, 8);
  f_.filter.set_target(0);  // a quarter
  f_.frames(low_, 8);

  // 8 frames in full, 4 of the next 8 (T0 and T1), 2 of the last 8 (T0).
  ASSERT_EQ(f_.sent.size(), 2u * (8 + 4 + 2));
  for (size_t i = 16; i < 24; ++i) EXPECT_LE(f_.sent[i].tid, 1) << i;
  for (size_t i = 24; i < f_.sent.size(); ++i) EXPECT_EQ(f_.sent[i].tid, 0) << i;
  expect_one_stream(f_.sent);
  EXPECT_EQ(f_.filter.frames_dropped(), 4u + 6u);
}

TEST_F(TemporalFilterTest, ClimbsOneLayerAtATimeAtLayerSyncFrames) {
  f_.filter.set_target(0);
  f_.frames(low_, 7);  // from the next frame on: T0 only
  const size_t base_only = f_.sent.size();
  f_.filter.set_target(TemporalFilter::kAll);
  f_.frames(low_, 12);
  expect_one_stream(f_.sent);
  // After the target went up: T1 first, at a sync frame; T2 only after T1, at a sync frame.
  int current = 0;
  for (size_t i = base_only; i < f_.sent.size(); i += 2) {
    SCOPED_TRACE(i);
    const Sent& s = f_.sent[i];
    if (s.tid > current) {
      EXPECT_EQ(s.tid, current + 1);
      EXPECT_TRUE(s.sync);
      current = s.tid;
    }
  }
  EXPECT_EQ(current, 2);
  EXPECT_EQ(f_.filter.current(), 2);  // all this stream has
  EXPECT_FALSE(f_.filter.keyframe_wanted());
}

TEST(TemporalFilter, WantsAKeyframeWhenNoLayerSyncFrameComesToClimbAt) {
  TemporalFilter f;
  f.set_target(0);
  uint32_t ts = 0;
  auto frame = [&](uint8_t tid) {
    rtc::FrameInfo info;
    info.temporal_id = tid;  // never a layer-sync frame
    f.on_packet(ts += 3000, info);
  };
  for (int i = 0; i < 8; ++i) frame(static_cast<uint8_t>(i % 2 ? 2 : i % 4 == 2 ? 1 : 0));
  f.set_target(TemporalFilter::kAll);
  int wanted = 0;
  for (uint32_t i = 0; i < 2 * TemporalFilter::kSyncWaitFrames; ++i) {
    frame(static_cast<uint8_t>(i % 2 ? 2 : i % 4 == 2 ? 1 : 0));
    if (f.keyframe_wanted()) ++wanted;
  }
  EXPECT_EQ(f.current(), 0);
  EXPECT_EQ(wanted, 2);
}

TEST_F(TemporalFilterTest, AKeyframeTakesEveryLayerAtOnce) {
  f_.filter.set_target(0);
  f_.frames(low_, 4);
  f_.filter.set_target(2);
  for (const auto& p : low_.frame(true)) f_.forward(p);  // keyframe (T0)
  for (const auto& p : low_.frame()) f_.forward(p);      // T2, with Y
  EXPECT_EQ(f_.sent.back().tid, 2);
  EXPECT_EQ(f_.filter.current(), 2);
  expect_one_stream(f_.sent);
}

TEST_F(TemporalFilterTest, ASpatialSwitchAfterDropsContinuesTheNumbering) {
  f_.filter.set_target(0);
  f_.frames(low_, 9);
  const size_t before = f_.sent.size();
  // The high layer's keyframe, at full frame rate from there: numbering goes on from the last
  // ids sent, over the frames left out before.
  f_.filter.set_target(TemporalFilter::kAll);
  auto key = high_.frame(true);
  f_.start(key[0]);
  for (const auto& p : key) f_.forward(p);
  f_.frames(high_, 7);
  ASSERT_EQ(f_.sent.size(), before + 16);
  EXPECT_EQ(f_.sent[before].seq, static_cast<uint16_t>(f_.sent[before - 1].seq + 1));
  EXPECT_EQ(f_.sent[before].picture_id, (f_.sent[before - 1].picture_id + 1) & 0x7fff);
  EXPECT_EQ(f_.sent[before].tl0, static_cast<uint8_t>(f_.sent[before - 1].tl0 + 1));
  expect_one_stream(
      std::vector<Sent>(f_.sent.begin() + static_cast<ptrdiff_t>(before), f_.sent.end()));
}

TEST_F(TemporalFilterTest, RetransmitsAPacketSentBeforeTheDropAsItWasSent) {
  f_.frames(low_, 3);          // frames 0..3: T0 T2 T1 T2
  const Sent t2 = f_.sent[6];  // first packet of the second T2 frame
  ASSERT_EQ(t2.tid, 2);
  f_.filter.set_target(0);
  f_.frames(low_, 12);  // drops shift the numbering of what follows
  ASSERT_TRUE(f_.nack(t2.seq));
  EXPECT_EQ(f_.sent.back().seq, t2.seq);
  EXPECT_EQ(f_.sent.back().picture_id, t2.picture_id);
  EXPECT_EQ(f_.sent.back().tl0, t2.tl0);
  // A number after the drops maps back across them to the right packet too.
  const Sent last = f_.sent[f_.sent.size() - 2];
  ASSERT_TRUE(f_.nack(last.seq));
  EXPECT_EQ(f_.sent.back().picture_id, last.picture_id);
  // Numbers never sent map to nothing.
  EXPECT_FALSE(f_.nack(static_cast<uint16_t>(last.seq + 5)));
}

TEST_F(TemporalFilterTest, ALatePacketFillsItsGapAndOneOfADroppedFrameStaysOut) {
  f_.filter.set_target(1);
  f_.frames(low_, 3);  // T2 then T1 then T2 (T2 frames left out)
  // The next frame (T0) loses its second packet on the way in; two frames later it arrives.
  auto t0 = low_.frame();
  f_.forward(t0[0]);
  auto t2 = low_.frame();  // left out
  auto t1 = low_.frame();
  f_.forward(t2[0]);
  for (const auto& p : t1) f_.forward(p);
  const size_t n = f_.sent.size();
  f_.forward(t0[1]);  // late: into the gap it left
  ASSERT_EQ(f_.sent.size(), n + 1);
  EXPECT_EQ(f_.sent.back().seq, static_cast<uint16_t>(f_.sent[n - 3].seq + 1));
  EXPECT_EQ(f_.sent.back().picture_id, f_.sent[n - 3].picture_id);
  // The dropped frame's late packet is not sent, nor answered when its number is asked for.
  f_.forward(t2[1]);
  EXPECT_EQ(f_.sent.size(), n + 1);
}

// A VP9 payload descriptor (RFC 9628 section 4.2), non-flexible mode, one wire byte per line,
// then two bytes standing for the VP9 frame.
std::vector<uint8_t> vp9(uint16_t picture_id, uint8_t tl0, uint8_t tid, bool switching_up,
                         bool key) {
  return {
      static_cast<uint8_t>(key ? 0xac : 0xec),                     // I=1 P=!key L=1 F=0 B=1 E=1
      static_cast<uint8_t>(0x80 | picture_id >> 8),                // M=1, picture id (15 bits) ...
      static_cast<uint8_t>(picture_id),                            // ... low byte
      static_cast<uint8_t>(tid << 5 | (switching_up ? 0x10 : 0)),  // TID U SID=0 D=0
      tl0,                                                         // TL0PICIDX
      0x82,                                                        // frame bytes
      0x49,
  };
}

// VP9 (one SVC stream, here L1T3) goes through the same filter as VP8: TID and the switching-up
// bit U come from its descriptor (frame_info), T2 frames go when the target is 1, and the climb
// back waits for a frame of the next layer with U set.
TEST(TemporalFilter, Vp9TemporalLayersFromItsDescriptor) {
  static constexpr uint8_t kPattern[] = {0, 2, 1, 2};
  TemporalFilter f;
  uint32_t ts = 0;
  uint16_t picture_id = 100;
  uint8_t tl0 = 0;
  struct Seen {
    uint8_t tid;
    bool forwarded;
    bool up;
  };
  std::vector<Seen> seen;
  auto frames = [&](int n, bool first_key = false) {
    for (int i = 0; i < n; ++i) {
      const int k = static_cast<int>(seen.size());
      const uint8_t tid = kPattern[k % 4];
      if (tid == 0 && k > 0) ++tl0;
      // U on the T1 frames and on the T2 frame after each T0 (they reference T0 only).
      const bool up = k % 4 == 1 || k % 4 == 2;
      const auto bytes = vp9(picture_id++, tl0, tid, up, first_key && i == 0);
      const auto info = rtc::frame_info(rtc::Codec::kVp9, bytes);
      ASSERT_EQ(info.temporal_id, tid);
      ASSERT_EQ(info.layer_sync, up);
      seen.push_back({tid, f.on_packet(ts += 3000, info).forward, up});
    }
  };
  frames(8, true);
  for (const auto& s : seen) EXPECT_TRUE(s.forwarded) << "every layer by default";
  f.set_target(1);
  const size_t at = seen.size();
  frames(7);  // ends on a T1 frame: the next is a T2 frame without U
  for (size_t i = at; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].forwarded, seen[i].tid <= 1) << "frame " << i << " of T" << +seen[i].tid;
  }
  EXPECT_EQ(f.current(), 1);
  f.set_target(TemporalFilter::kAll);
  const size_t back = seen.size();
  frames(8);
  EXPECT_FALSE(seen[back].forwarded) << "a T2 frame without U is no place to climb";
  // The first T2 frame forwarded again is one with U; every T2 frame after it goes too.
  size_t first_t2 = seen.size();
  for (size_t i = back; i < seen.size(); ++i) {
    if (seen[i].tid == 2 && seen[i].forwarded && first_t2 == seen.size()) first_t2 = i;
  }
  ASSERT_LT(first_t2, seen.size());
  EXPECT_TRUE(seen[first_t2].up);
  for (size_t i = first_t2; i < seen.size(); ++i) EXPECT_TRUE(seen[i].forwarded) << i;
  EXPECT_EQ(f.current(), 2);
}

}  // namespace
}  // namespace meet::engine
