// Spatial layers of a VP9 SVC stream left out for one subscriber (issue 17): L3T3_KEY-style
// pictures (spatial layers 0, 1, 2 in one RTP stream, one timestamp per picture, the RTP marker
// on the last packet of layer 2) through SpatialFilter and SimulcastRewriter as
// SubscriberTrack does. What leaves must be one stream a decoder takes: only layers up to the
// target, the marker on the last packet of the top layer forwarded, sequence numbers without a
// gap, down at the next picture, up only at a keyframe (asking for one).
#include "engine/spatial_filter.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "engine/simulcast_rewriter.hpp"
#include "rtc/codecs/frame_info.hpp"

namespace meet::engine {
namespace {

using Clock = std::chrono::steady_clock;

struct Packet {
  uint16_t seq = 0;
  uint32_t ts = 0;
  bool marker = false;
  std::vector<uint8_t> payload;
};

// One VP9 packet in non-flexible mode (RFC 9628 4.2), one wire byte per line.
std::vector<uint8_t> vp9(bool key, bool begin, bool end, uint16_t picture_id, uint8_t sid,
                         bool inter_layer) {
  return {
      static_cast<uint8_t>(0xa0 | (key ? 0 : 0x40) | (begin ? 0x08 : 0) | (end ? 0x04 : 0)),
      // I=1 P L=1 F=0 B E V=0 Z=0
      static_cast<uint8_t>(0x80 | picture_id >> 8),            // M=1, picture id (15 bits) ...
      static_cast<uint8_t>(picture_id),                        // ... low byte
      static_cast<uint8_t>(sid << 1 | (inter_layer ? 1 : 0)),  // TID=0 U=0 SID D
      0x00,                                                    // TL0PICIDX
      0x86,                                                    // frame data
  };
}

// A picture: layers 0 and 1 in one packet each, layer 2 in two; the marker on the last.
struct Stream {
  uint16_t seq = 1000;
  uint32_t ts = 90000;
  uint16_t picture_id = 100;

  std::vector<Packet> picture(bool key) {
    std::vector<Packet> out;
    auto add = [&](uint8_t sid, bool begin, bool end, bool marker) {
      out.push_back({seq++, ts, marker, vp9(key, begin, end, picture_id, sid, key && sid > 0)});
    };
    add(0, true, true, false);
    add(1, true, true, false);
    add(2, true, false, false);
    add(2, false, true, true);
    ts += 3000;
    ++picture_id;
    return out;
  }
};

struct Sent {
  uint16_t seq;
  uint8_t sid;
  bool marker;
};

struct Subscriber {
  SpatialFilter filter;
  SimulcastRewriter rewriter{rtc::Codec::kVp9, 0, 500};
  std::vector<Sent> sent;
  int keyframes_asked = 0;

  void take(const std::vector<Packet>& packets) {
    for (const auto& p : packets) {
      const auto info = rtc::frame_info(rtc::Codec::kVp9, p.payload);
      if (!rewriter.started()) {
        rewriter.switch_to(0, p.seq, p.ts, p.payload, Clock::time_point{});
        filter.reset();
      }
      const auto d = filter.on_packet(p.ts, info, p.marker);
      if (filter.keyframe_wanted()) ++keyframes_asked;
      if (!d.forward) {
        rewriter.skip(p.seq, false, 0);
        continue;
      }
      auto out = rewriter.take_sequence(p.seq);
      ASSERT_TRUE(out.has_value());
      sent.push_back({*out, info.spatial_id, d.marker});
    }
  }
};

// The layers and markers of what was sent, "0 1 2 2M" per picture.
std::string shape(const std::vector<Sent>& sent) {
  std::string s;
  for (const auto& p : sent) {
    if (!s.empty()) s += ' ';
    s += std::to_string(p.sid);
    if (p.marker) s += 'M';
  }
  return s;
}

void expect_contiguous(const std::vector<Sent>& sent) {
  for (size_t i = 1; i < sent.size(); ++i) {
    EXPECT_EQ(static_cast<uint16_t>(sent[i].seq - sent[i - 1].seq), 1) << "packet " << i;
  }
}

TEST(SpatialFilter, ForwardsEveryLayerUntilTold) {
  Stream s;
  Subscriber sub;
  sub.take(s.picture(true));
  sub.take(s.picture(false));
  EXPECT_EQ(shape(sub.sent), "0 1 2 2M 0 1 2 2M");
  expect_contiguous(sub.sent);
  EXPECT_EQ(sub.keyframes_asked, 0);
}

TEST(SpatialFilter, LowerTargetsLeaveUpperLayersOutAndMoveTheMarker) {
  struct Case {
    int target;
    const char* shape;
  };
  for (const Case c : {Case{0, "0M 0M"}, Case{1, "0 1M 0 1M"}, Case{2, "0 1 2 2M 0 1 2 2M"}}) {
    Stream s;
    Subscriber sub;
    sub.filter.set_target(c.target);
    sub.take(s.picture(true));
    sub.take(s.picture(false));
    EXPECT_EQ(shape(sub.sent), c.shape) << "target " << c.target;
    expect_contiguous(sub.sent);
  }
}

TEST(SpatialFilter, GoesDownAtTheNextPictureAndUpOnlyAtAKeyframe) {
  Stream s;
  Subscriber sub;
  sub.take(s.picture(true));  // all three layers
  auto half = s.picture(false);
  sub.take({half[0], half[1]});  // a picture in flight: layers 0 and 1 have gone out
  sub.filter.set_target(0);
  sub.take({half[2], half[3]});  // its layer 2 still goes: the switch waits for a new picture
  sub.take(s.picture(false));    // down: layer 0 only, with the marker
  EXPECT_EQ(shape(sub.sent), "0 1 2 2M 0 1 2 2M 0M");
  EXPECT_EQ(sub.keyframes_asked, 0);

  sub.sent.clear();
  sub.filter.set_target(2);
  sub.take(s.picture(false));  // a delta picture: layer 2 would reference frames never sent
  EXPECT_EQ(shape(sub.sent), "0M");
  EXPECT_EQ(sub.keyframes_asked, 1) << "a keyframe is asked for at once";
  for (uint32_t i = 1; i < SpatialFilter::kRetryPictures; ++i) sub.take(s.picture(false));
  EXPECT_EQ(sub.keyframes_asked, 1) << "and not again for kRetryPictures pictures";
  sub.take(s.picture(false));
  EXPECT_EQ(sub.keyframes_asked, 2);
  sub.sent.clear();
  sub.take(s.picture(true));  // the keyframe: all layers from here on
  sub.take(s.picture(false));
  EXPECT_EQ(shape(sub.sent), "0 1 2 2M 0 1 2 2M");
  EXPECT_EQ(sub.filter.current(), 2);
  EXPECT_EQ(sub.keyframes_asked, 2);
}

TEST(SpatialFilter, SequenceNumbersStayContiguousAcrossSwitches) {
  Stream s;
  Subscriber sub;
  for (int i = 0; i < 40; ++i) {
    if (i == 5) sub.filter.set_target(1);
    if (i == 12) sub.filter.set_target(0);
    if (i == 20) sub.filter.set_target(2);
    sub.take(s.picture(i == 0 || i == 30));
  }
  expect_contiguous(sub.sent);
  EXPECT_EQ(sub.filter.current(), 2);
  EXPECT_GT(sub.filter.packets_dropped(), 0u);
}

TEST(SpatialFilter, APictureWithoutItsLowerLayersIsDroppedWhole) {
  Stream s;
  Subscriber sub;
  sub.filter.set_target(0);
  sub.take(s.picture(true));
  auto pic = s.picture(false);
  pic.erase(pic.begin(), pic.begin() + 2);  // the encoder dropped layers 0 and 1 of this one
  const auto first = rtc::frame_info(rtc::Codec::kVp9, pic[0].payload);
  const auto d = sub.filter.on_packet(pic[0].ts, first, pic[0].marker);
  EXPECT_FALSE(d.forward);
  EXPECT_TRUE(d.picture_dropped);
  const auto next =
      sub.filter.on_packet(pic[1].ts, rtc::frame_info(rtc::Codec::kVp9, pic[1].payload), true);
  EXPECT_FALSE(next.forward);
  EXPECT_FALSE(next.picture_dropped) << "once per picture";
  auto whole = s.picture(false);
  const auto kept =
      sub.filter.on_packet(whole[0].ts, rtc::frame_info(rtc::Codec::kVp9, whole[0].payload), false);
  EXPECT_TRUE(kept.forward);
  EXPECT_FALSE(kept.picture_dropped);
}

TEST(SpatialFilter, RetransmissionsGetTheMarkerOfTheLayerForwarded) {
  Stream s;
  Subscriber sub;
  sub.filter.set_target(1);
  const auto pic = s.picture(true);
  sub.take(pic);
  const auto layer1 = rtc::frame_info(rtc::Codec::kVp9, pic[1].payload);
  const auto layer0 = rtc::frame_info(rtc::Codec::kVp9, pic[0].payload);
  EXPECT_TRUE(sub.filter.marker_for(layer1, false));
  EXPECT_FALSE(sub.filter.marker_for(layer0, false));
}

}  // namespace
}  // namespace meet::engine
