// The recording feed of one track, on one thread with a fake clock: whichever simulcast layers
// the publisher sends, the recorder gets one stream (sequence numbers without a gap, VP8
// picture ids that continue), from the best layer that flows, changing layer only at a
// keyframe and recording the old layer until that keyframe comes.
#include "engine/recording_feed.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "rtc/codecs/vp8_descriptor.hpp"

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// One VP8 packet of a layer: 12-byte header, then a payload descriptor with a 15-bit picture
// id (the whole frame in one packet, so every packet starts a frame).
std::vector<uint8_t> vp8_packet(uint16_t seq, uint32_t ts, uint16_t picture_id, bool keyframe) {
  return {
      0x80,
      0x60,  // V=2, PT 96
      static_cast<uint8_t>(seq >> 8),
      static_cast<uint8_t>(seq),
      static_cast<uint8_t>(ts >> 24),
      static_cast<uint8_t>(ts >> 16),
      static_cast<uint8_t>(ts >> 8),
      static_cast<uint8_t>(ts),
      0x11,
      0x22,
      0x33,
      0x44,  // SSRC
      0x90,  // X=1, S=1, PID=0
      0x80,  // I=1
      static_cast<uint8_t>(0x80 | (picture_id >> 8)),
      static_cast<uint8_t>(picture_id),
      static_cast<uint8_t>(keyframe ? 0x10 : 0x11),  // frame tag: P bit clear on a keyframe
      0x02,
      0x00,
      0x9d,
      0x01,
      0x2a,
      0x80,
      0x02,
      0xe0,
      0x01,
  };
}

// A layer as the publisher sends it: its own numbering and RTP clock base.
struct Layer {
  int index;
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;
};

struct Recorded {
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;
  int layer;
};

class RecordingFeedTest : public ::testing::Test {
 protected:
  // Sends one frame of `layer` while `wanted` flows best; true when it was recorded.
  bool send(Layer& l, bool keyframe, int wanted) {
    auto bytes = vp8_packet(l.seq++, l.ts, l.picture_id, keyframe);
    l.ts += 3000;
    l.picture_id = (l.picture_id + 1) & 0x7fff;
    now_ += 11ms;
    auto in = rtc::RtpPacket::parse(bytes);
    EXPECT_TRUE(in.ok());
    auto out = feed_.take(in.value(), l.index, wanted, now_, scratch_);
    if (!out) return false;
    auto payload = std::vector<uint8_t>(out->payload().begin(), out->payload().end());
    auto d = rtc::Vp8Descriptor::parse(payload);
    EXPECT_TRUE(d.ok());
    recorded_.push_back({out->sequence_number(), out->timestamp(), d->picture_id(), l.index});
    return true;
  }

  void expect_one_stream() const {
    for (size_t i = 1; i < recorded_.size(); ++i) {
      EXPECT_EQ(static_cast<uint16_t>(recorded_[i - 1].seq + 1), recorded_[i].seq) << i;
      EXPECT_EQ((recorded_[i - 1].picture_id + 1) & 0x7fff, recorded_[i].picture_id) << i;
      EXPECT_GT(recorded_[i].ts - recorded_[i - 1].ts, 0u) << i;
      EXPECT_LT(recorded_[i].ts - recorded_[i - 1].ts, 90000u) << i;  // under a second
    }
  }

  Clock::time_point now_{};
  std::array<uint8_t, 1500> scratch_{};
  RecordingFeed feed_{rtc::Codec::kVp8};
  std::vector<Recorded> recorded_;
  Layer low_{0, 1000, 50000, 7};
  Layer high_{2, 40000, 900000, 30000};
};

TEST_F(RecordingFeedTest, RecordsTheBestLayerFromItsFirstKeyframeAndSkipsTheOthers) {
  EXPECT_FALSE(send(high_, false, 2));  // no keyframe yet: nothing to start a decoder on
  EXPECT_TRUE(feed_.keyframe_wanted());
  EXPECT_FALSE(send(low_, true, 2));  // a lower layer is not what is recorded
  EXPECT_TRUE(send(high_, true, 2));
  EXPECT_FALSE(feed_.keyframe_wanted());
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(send(low_, false, 2));
    EXPECT_TRUE(send(high_, false, 2));
  }
  EXPECT_EQ(feed_.layer(), 2);
  expect_one_stream();
}

TEST_F(RecordingFeedTest, FollowsTheBestLayerDownAndUpAtKeyframesWithoutAGap) {
  send(high_, true, 2);
  for (int i = 0; i < 3; ++i) send(high_, false, 2);
  // The top layer stopped: the low layer is wanted, recorded from its next keyframe.
  EXPECT_FALSE(send(low_, false, 0));
  EXPECT_TRUE(feed_.keyframe_wanted());
  EXPECT_TRUE(send(low_, true, 0));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(send(low_, false, 0));
  // The top layer is back: the low one stays recorded until a top keyframe arrives.
  EXPECT_FALSE(send(high_, false, 2));
  EXPECT_TRUE(send(low_, false, 2));
  EXPECT_TRUE(send(high_, true, 2));
  EXPECT_FALSE(send(low_, false, 2));
  EXPECT_TRUE(send(high_, false, 2));
  ASSERT_EQ(recorded_.size(), 11u);
  EXPECT_EQ(recorded_[4].layer, 0);
  EXPECT_EQ(recorded_[9].layer, 2);
  expect_one_stream();
}

TEST_F(RecordingFeedTest, PassesSenderReportsOfTheRecordedLayerInTheRecordedClock) {
  rtc::RtcpSenderInfo sr{};
  sr.rtp_timestamp = high_.ts;
  EXPECT_FALSE(feed_.sender_report(sr, 2));  // nothing recorded yet: no clock to map into
  send(high_, true, 2);
  EXPECT_FALSE(feed_.sender_report(sr, 0));
  auto mapped = feed_.sender_report(sr, 2);
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->rtp_timestamp, recorded_[0].ts);
}

TEST(RecordingFeedAudio, PassesEveryPacketOfAOneLayerTrackInOrder) {
  RecordingFeed feed(rtc::Codec::kOpus);
  std::array<uint8_t, 1500> scratch{};
  std::vector<uint16_t> seqs;
  for (uint16_t i = 0; i < 4; ++i) {
    std::vector<uint8_t> bytes = {
        0x80, 0x6f, 0xff, static_cast<uint8_t>(0xfe + i), 0, 0, 0x10, 0, 1, 2, 3, 4, 0xfc, 0xff};
    bytes[2] = static_cast<uint8_t>((0xfffe + i) >> 8);
    bytes[3] = static_cast<uint8_t>(0xfffe + i);
    auto in = rtc::RtpPacket::parse(bytes);
    ASSERT_TRUE(in.ok());
    auto out = feed.take(in.value(), 0, 0, Clock::time_point{} + i * 20ms, scratch);
    ASSERT_TRUE(out);
    seqs.push_back(out->sequence_number());
  }
  EXPECT_EQ(seqs, (std::vector<uint16_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace meet::engine
