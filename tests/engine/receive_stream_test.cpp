// Reception statistics of one publisher stream, as its receiver reports carry them (RFC 3550
// section 6.4.1, appendix A.3): extended highest sequence number, cumulative and fractional
// loss, with worked examples across the 16-bit wrap, with duplicates and reordering, and the
// interarrival jitter of appendix A.8.
// Also what it measures of a VP9 SVC stream (issue 17): the bitrate of spatial layers 0..s
// with temporal layers 0..t together, which spatial layers flow, and the heights its
// keyframe's scalability structure gave.
#include "engine/receive_stream.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <vector>

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using TimePoint = ReceiveStream::TimePoint;

const TimePoint kStart = TimePoint(10s);

// A stream that received `seqs` in this order, 10 ms apart, starting at kStart.
ReceiveStream received(const std::vector<uint16_t>& seqs, TimePoint* end = nullptr) {
  ReceiveStream s;
  s.ssrc = 0x1234;
  const uint8_t packet[12] = {0x80, 96};
  TimePoint t = kStart;
  for (uint16_t seq : seqs) {
    s.on_packet(seq, packet, false, 0, t);
    t += 10ms;
  }
  if (end) *end = t;
  return s;
}

std::vector<uint16_t> range(uint16_t first, int count) {
  std::vector<uint16_t> out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<uint16_t>(first + i));
  return out;
}

TEST(ReceiveStream, NoReportBeforeTheFirstPacketOrWithoutSsrc) {
  ReceiveStream s;
  s.ssrc = 1;
  EXPECT_FALSE(s.due_report(kStart + 5s));
  ReceiveStream unknown;
  const uint8_t packet[12] = {0x80, 96};
  unknown.on_packet(1, packet, false, 0, kStart);
  EXPECT_FALSE(unknown.due_report(kStart + 5s));
}

struct ReportCase {
  const char* what;
  std::vector<uint16_t> seqs;  // in arrival order
  uint32_t extended_max;
  int64_t cumulative_lost;
  uint8_t fraction_lost;  // lost / expected in 1/256, truncated
};

class ReceiveStreamReport : public ::testing::TestWithParam<ReportCase> {};

TEST_P(ReceiveStreamReport, MatchesRfc3550AppendixA3) {
  const ReportCase& c = GetParam();
  TimePoint end;
  ReceiveStream s = received(c.seqs, &end);
  auto r = s.due_report(end + 1s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->ssrc, 0x1234u);
  EXPECT_EQ(r->extended_max, c.extended_max);
  EXPECT_EQ(r->cumulative_lost, c.cumulative_lost);
  EXPECT_EQ(r->fraction_lost, c.fraction_lost);
}

// Worked through by hand, with A.3's names: expected = extended_max - base_seq + 1,
// lost = expected - received, fraction = (lost_interval << 8) / expected_interval.
INSTANTIATE_TEST_SUITE_P(
    Cases, ReceiveStreamReport,
    ::testing::Values(
        // 100..109 all received: expected 10, received 10.
        ReportCase{"none lost", range(100, 10), 109, 0, 0},
        // 100..109 without 103 and 107: expected 10, received 8, lost 2; 2*256/10 = 51.2.
        ReportCase{"two of ten lost", {100, 101, 102, 104, 105, 106, 108, 109}, 109, 2, 51},
        // 65530..65535 then 0..3: the second cycle. extended_max = 1 << 16 | 3 = 65539,
        // expected = 65539 - 65530 + 1 = 10; 65533 lost: 1*256/10 = 25.6.
        ReportCase{
            "across the wrap", {65530, 65531, 65532, 65534, 65535, 0, 1, 2, 3}, 65539, 1, 25},
        // A late packet does not move the highest number back: 5 after 6 fills its gap.
        ReportCase{"reordered", {1, 2, 3, 4, 6, 5, 7}, 7, 0, 0},
        // A duplicate counts as received (A.3): received 11 of expected 10, lost -1; a
        // negative interval loss reports fraction 0.
        ReportCase{"duplicate", {10, 11, 12, 13, 13, 14, 15, 16, 17, 18, 19}, 19, -1, 0},
        // 0..9 without 1, 3, 5 and 7: 4 of 10 lost; 4*256/10 = 102.4.
        ReportCase{"every other", {0, 2, 4, 6, 8, 9}, 9, 4, 102}),
    [](const auto& info) {
      std::string name = info.param.what;
      for (auto& ch : name) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

// The fraction covers only the interval since the previous report (A.3 expected_prior,
// received_prior); the cumulative count keeps growing.
TEST(ReceiveStream, FractionLostCoversOnlyTheIntervalSinceTheLastReport) {
  TimePoint t = kStart;
  ReceiveStream s;
  s.ssrc = 7;
  const uint8_t packet[12] = {0x80, 96};
  auto send = [&](uint16_t first, int count, int skip_every) {
    for (int i = 0; i < count; ++i) {
      if (skip_every && i % skip_every == skip_every - 1) continue;
      s.on_packet(static_cast<uint16_t>(first + i), packet, false, 0, t);
      t += 10ms;
    }
  };
  send(1000, 20, 4);  // 1000..1019, every 4th lost: 5 of 20
  auto first = s.due_report(t + 1s);
  ASSERT_TRUE(first);
  // Highest received 1018 (1019 was a 4th): expected 19, received 15.
  EXPECT_EQ(first->extended_max, 1018u);
  EXPECT_EQ(first->cumulative_lost, 4);
  EXPECT_EQ(first->fraction_lost, 4 * 256 / 19);

  t += 1s;
  send(1019, 9, 5);  // 1019..1027 without 1023
  auto second = s.due_report(t + 1s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->extended_max, 1027u);
  EXPECT_EQ(second->cumulative_lost, 5);  // expected 28, received 15 + 8
  // This interval alone: expected 28 - 19 = 9, received 8: 256/9 = 28.4.
  EXPECT_EQ(second->fraction_lost, 28);
}

TEST(ReceiveStream, ReportsComeOncePerSecond) {
  TimePoint end;
  ReceiveStream s = received(range(1, 5), &end);
  EXPECT_TRUE(s.due_report(end + 1s));
  EXPECT_FALSE(s.due_report(end + 1500ms));
  EXPECT_TRUE(s.due_report(end + 2s));
}

// RFC 3550 6.4.1: LSR is the middle 32 bits of the last SR's NTP timestamp, DLSR the delay
// since it arrived in 1/65536 s.
TEST(ReceiveStream, ReportEchoesTheLastSenderReport) {
  TimePoint end;
  ReceiveStream s = received(range(1, 5), &end);
  rtc::RtcpSenderInfo sr{0x1234, 0xe1a2b3c4'd5e6f708, 90000, 3, 300};
  s.on_sender_report(sr, end);
  auto r = s.due_report(end + 1500ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->last_sr, 0xb3c4d5e6u);
  EXPECT_EQ(r->delay_since_last_sr, 3u * 65536 / 2);  // 1.5 s
}

// RFC 3550 A.8 worked through for 20 ms Opus frames at 48 kHz (960 ticks, 48 ticks a ms):
//   packet  RTP ts  arrival  transit  |D|   J = J + (|D| - J) / 16    J*16 (A.8 integer form)
//   1       0       0 ms     0        -     0                         0
//   2       960     20 ms    0        0     0                         0
//   3       1920    50 ms    480      480   30                        480
//   4       2880    60 ms    0        480   58.125                    930 (480 - (488 >> 4))
//   5       3840    80 ms    0        0     54.49                     872 (0 - (938 >> 4))
// (transit = arrival in ticks - RTP ts; A.8 reports J*16 >> 4.)
TEST(ReceiveStream, InterarrivalJitterFollowsRfc3550AppendixA8) {
  ReceiveStream s;
  s.ssrc = 9;
  s.clock_rate = 48000;
  const uint8_t packet[12] = {0x80, 111};
  struct Step {
    uint32_t rtp_timestamp;
    std::chrono::milliseconds arrival;
    uint32_t jitter;
  };
  const Step steps[] = {
      {0, 0ms, 0}, {960, 20ms, 0}, {1920, 50ms, 30}, {2880, 60ms, 58}, {3840, 80ms, 54}};
  uint16_t seq = 500;
  for (const auto& st : steps) {
    SCOPED_TRACE(::testing::Message() << "RTP timestamp " << st.rtp_timestamp);
    s.on_packet(seq++, packet, false, 0, kStart + st.arrival);
    s.on_arrival(st.rtp_timestamp, kStart + st.arrival);
    EXPECT_EQ(s.jitter(), st.jitter);
  }
  auto r = s.due_report(kStart + 1s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->jitter, 54u);
}

TEST(ReceiveStream, SteadyArrivalsHaveNoJitterAcrossTheTimestampWrap) {
  ReceiveStream s;
  s.clock_rate = 90000;
  uint32_t ts = 0xffffffff - 3 * 3000;  // wraps after three frames
  for (int i = 0; i < 10; ++i) {
    s.on_arrival(ts, kStart + std::chrono::microseconds(i * 100'000 / 3));  // 30 fps
    ts += 3000;
  }
  // Arrival times truncated to whole ticks differ from 3000 by at most one tick.
  EXPECT_LE(s.jitter(), 1u);
}

TEST(ReceiveStream, NoJitterWithoutAClockRate) {
  ReceiveStream s;
  s.on_arrival(0, kStart);
  s.on_arrival(100, kStart + 500ms);
  EXPECT_EQ(s.jitter(), 0u);
}

using Clock = std::chrono::steady_clock;

TEST(ReceiveStream, MeasuresSpatialAndTemporalLayersOfOneStreamTogether) {
  ReceiveStream s;
  const auto t0 = Clock::time_point{} + 10s;
  std::vector<uint8_t> packet(1000);
  // 600 ms of pictures every 10 ms: each with spatial layers 0, 1, 2 of 1000 bytes, temporal
  // layers 0, 1, 0, 1, ... in turn.
  uint16_t seq = 0;
  for (int i = 0; i <= 60; ++i) {
    const auto now = t0 + std::chrono::milliseconds(10 * i);
    const auto tid = static_cast<uint8_t>(i % 2);
    for (uint8_t sid = 0; sid < 3; ++sid) s.on_packet(seq++, packet, false, tid, now, sid);
  }
  const auto now = t0 + 600ms;
  EXPECT_EQ(s.spatial_layers(), 3u);
  EXPECT_EQ(s.temporal_layers(), 2u);
  // A layer frame of 1000 bytes every 10 ms is 800 kbit/s per spatial layer, half of it per
  // temporal layer; the window holds 51 pictures over 500 ms (a little over the rate).
  const auto near = [](int64_t bps, int64_t want) {
    return bps > want * 95 / 100 && bps < want * 110 / 100;
  };
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 0, 0), 400'000)) << s.svc_bitrate_bps(now, 0, 0);
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 0, 2), 800'000)) << s.svc_bitrate_bps(now, 0, 2);
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 1, 2), 1'600'000)) << s.svc_bitrate_bps(now, 1, 2);
  EXPECT_TRUE(near(s.svc_bitrate_bps(now, 2, 0), 1'200'000)) << s.svc_bitrate_bps(now, 2, 0);
  EXPECT_EQ(s.svc_bitrate_bps(now, 2, 2), s.bitrate_bps(now));
  for (size_t sid = 0; sid < 3; ++sid) EXPECT_TRUE(s.spatial_active(sid, now)) << sid;
  EXPECT_FALSE(s.spatial_active(2, now + ReceiveStream::kIdleAfter)) << "idle";
}

TEST(ReceiveStream, ALayerThatStopsIsNoLongerActiveAndSizesComeFromTheSs) {
  ReceiveStream s;
  const auto t0 = Clock::time_point{} + 10s;
  std::vector<uint8_t> packet(500);
  uint16_t seq = 0;
  for (int i = 0; i <= 150; ++i) {
    const auto now = t0 + std::chrono::milliseconds(10 * i);
    s.on_packet(seq++, packet, false, 0, now, 0);
    if (i < 20) s.on_packet(seq++, packet, false, 0, now, 1);  // layer 1 stops at 200 ms
  }
  const auto now = t0 + 1500ms;
  EXPECT_TRUE(s.spatial_active(0, now));
  EXPECT_FALSE(s.spatial_active(1, now));
  EXPECT_EQ(s.spatial_layers(), 1u);
  const std::array<uint16_t, 3> heights = {180, 360, 720};
  s.on_spatial_sizes(heights);
  EXPECT_EQ(s.spatial_height(0), 180);
  EXPECT_EQ(s.spatial_height(2), 720);
  EXPECT_EQ(s.spatial_height(3), 0);
}

}  // namespace
}  // namespace meet::engine
