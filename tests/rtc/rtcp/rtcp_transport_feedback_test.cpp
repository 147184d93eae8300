#include "rtc/rtcp/rtcp_transport_feedback.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

std::vector<TwccPacketStatus> statuses(const Bytes& wire) {
  auto h = RtcpHeader::parse(wire);
  EXPECT_TRUE(h.ok());
  auto fb = RtcpTransportFeedback::parse(*h);
  EXPECT_TRUE(fb.ok());
  std::vector<TwccPacketStatus> out;
  if (fb.ok()) fb->for_each_packet([&](const TwccPacketStatus& s) { out.push_back(s); });
  return out;
}

// Captured from Chrome: nine packets, all received, one run-length chunk; Chrome pads with
// the P bit.
const Bytes kChromeRunLength = {
    0xaf, 0xcd, 0x00, 0x07,  // V=2 P=1 FMT=15 | PT=205 | length 7 (32 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0xdd, 0x58, 0x6e, 0xb6,  // media SSRC
    0x00, 0x01, 0x00, 0x09,  // base seq 1 | status count 9
    0x5e, 0x91, 0x10, 0x00,  // reference time 6197520 (x 64 ms) | fb pkt count 0
    0x20, 0x09, 0x1c, 0x0c,  // run length: small delta x 9 | deltas 28, 12 (x 250 us)
    0x2c, 0x38, 0x00, 0x04,  // deltas 44, 56, 0, 4
    0x00, 0x08, 0x18, 0x01,  // deltas 0, 8, 24 | padding count 1
};

TEST(RtcpTransportFeedback, ParsesChromeRunLengthPacket) {
  auto h = RtcpHeader::parse(kChromeRunLength);
  ASSERT_TRUE(h.ok());
  auto fb = RtcpTransportFeedback::parse(*h);
  ASSERT_TRUE(fb.ok());
  EXPECT_EQ(fb->sender_ssrc(), 1u);
  EXPECT_EQ(fb->media_ssrc(), 0xdd586eb6u);
  EXPECT_EQ(fb->base_sequence_number(), 1);
  EXPECT_EQ(fb->packet_status_count(), 9);
  EXPECT_EQ(fb->reference_time(), 6197520);
  EXPECT_EQ(fb->feedback_count(), 0);
  EXPECT_EQ(fb->received_count(), 9u);

  const auto s = statuses(kChromeRunLength);
  ASSERT_EQ(s.size(), 9u);
  const int32_t deltas_ms4[] = {28, 12, 44, 56, 0, 4, 0, 8, 24};
  int64_t t = int64_t{6197520} * 64000;
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(s[i].sequence_number, i + 1);
    EXPECT_TRUE(s[i].received);
    EXPECT_EQ(s[i].delta_us, deltas_ms4[i] * 250);
    t += deltas_ms4[i] * 250;
    EXPECT_EQ(s[i].arrival_time_us, t);
  }
}

// Two-bit vector with a loss and a large delta, then a run-length chunk longer than the
// remaining status count (clipped).
const Bytes kTwoBitVector = {
    0xaf, 0xcd, 0x00, 0x07,  // V=2 P=1 FMT=15 | PT=205 | length 7 (32 bytes)
    0x9b, 0x74, 0xf6, 0x1f,  // sender SSRC
    0x93, 0x71, 0xdc, 0xbc,  // media SSRC
    0x85, 0x3c, 0x00, 0x09,  // base seq 34108 | status count 9
    0x63, 0xf9, 0x16, 0xb3,  // reference time 6551830 | fb pkt count 179
    0xd5, 0x52, 0x00, 0x30,  // 2-bit: S S S S S lost L | run length: lost x 48 (2 used)
    0x9b, 0xaa, 0x6a, 0xaa,  // small deltas 155, 170, 106, 170
    0x7b, 0x01, 0x09, 0x01,  // small 123 | large 265 | padding count 1
};

TEST(RtcpTransportFeedback, ParsesTwoBitVectorAndClippedRun) {
  const auto s = statuses(kTwoBitVector);
  ASSERT_EQ(s.size(), 9u);
  const bool received[] = {true, true, true, true, true, false, true, false, false};
  const int32_t delta_us[] = {38750, 42500, 26500, 42500, 30750, 0, 66250, 0, 0};
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(s[i].sequence_number, 34108 + i);
    EXPECT_EQ(s[i].received, received[i]) << i;
    EXPECT_EQ(s[i].delta_us, delta_us[i]) << i;
  }
  EXPECT_EQ(s[6].arrival_time_us, int64_t{6551830} * 64000 + 247250);
}

TEST(RtcpTransportFeedback, ParsesOneBitVectorAndNegativeDelta) {
  const Bytes wire = {
      0x8f, 0xcd, 0x00, 0x07,  // V=2 FMT=15 | PT=205 | length 7 (32 bytes)
      0x00, 0x00, 0x00, 0x01,  // sender SSRC
      0x00, 0x00, 0x00, 0x02,  // media SSRC
      0xff, 0xfe, 0x00, 0x10,  // base seq 65534 | status count 16
      0xff, 0xff, 0xff, 0x05,  // reference time -1 | fb pkt count 5
      0xac, 0x01, 0xe0, 0x00,  // 1-bit: R lost R R lost x 9 R | 2-bit: large, lost x 6
      0x04, 0x08, 0x0c, 0x10,  // small deltas 4, 8, 12, 16
      0xff, 0xfc, 0x00, 0x00,  // large delta -4 | zero padding
  };
  const auto s = statuses(wire);
  ASSERT_EQ(s.size(), 16u);
  EXPECT_EQ(s[0].sequence_number, 65534);
  EXPECT_EQ(s[2].sequence_number, 0);  // wrapped
  const bool received[] = {true,  false, true,  true,  false, false, false, false,
                           false, false, false, false, false, true,  true,  false};
  for (size_t i = 0; i < 16; ++i) EXPECT_EQ(s[i].received, received[i]) << i;
  EXPECT_EQ(s[0].arrival_time_us, -64000 + 1000);
  EXPECT_EQ(s[13].delta_us, 4000);
  EXPECT_EQ(s[14].delta_us, -1000);
  EXPECT_EQ(s[14].arrival_time_us, -64000 + 1000 + 2000 + 3000 + 4000 - 1000);
}

TEST(RtcpTransportFeedback, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"short fixed part",
       {0x8f, 0xcd, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 1},
       RtcpError::kTooShort},
      {"status count 0",
       {0x8f, 0xcd, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0},
       RtcpError::kBadFeedback},
      {"missing chunk",
       {0x8f, 0xcd, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 1, 0, 0, 0, 0},
       RtcpError::kBadFeedback},
      {"reserved symbol in run",
       {0x8f, 0xcd, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 1, 0, 0, 0, 0, 0x60, 0x01, 0, 0},
       RtcpError::kBadFeedback},
      {"reserved symbol in 2-bit vector",
       {0x8f, 0xcd, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 1, 0, 0, 0, 0, 0xf0, 0x00, 0, 0},
       RtcpError::kBadFeedback},
      {"deltas past the end",
       {0x8f, 0xcd, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 3, 0, 0, 0, 0, 0x40, 0x03, 0, 0},
       RtcpError::kBadFeedback},
      {"zero runs never cover the count",
       {0x8f, 0xcd, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 1, 0, 0, 0, 0, 0x00, 0x00, 0, 0},
       RtcpError::kBadFeedback},
      {"NACK FMT", {0x81, 0xcd, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2}, RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto fb = RtcpTransportFeedback::parse(*h);
    ASSERT_FALSE(fb.ok()) << c.name;
    EXPECT_EQ(fb.error(), c.error) << c.name;
  }
}

TEST(RtcpTransportFeedback, WritesWhatChromeWrites) {
  // Re-encode the Chrome capture from its arrival times: same bytes, except that we pad with
  // zeros (as the draft draws it) instead of the P bit.
  const auto s = statuses(kChromeRunLength);
  std::vector<TwccArrival> arrivals;
  for (const auto& st : s) arrivals.push_back({st.sequence_number, st.arrival_time_us});
  Bytes out(64);
  auto r = RtcpTransportFeedback::write({1, 0xdd586eb6, 1, 0}, arrivals, out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->arrivals_written, 9u);
  Bytes expect = kChromeRunLength;
  expect[0] = 0x8f;   // no P bit
  expect[31] = 0x00;  // zero padding
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(r->bytes)), expect);
}

TEST(RtcpTransportFeedback, RoundTripsGapsLargeAndNegativeDeltas) {
  std::vector<TwccArrival> arrivals;
  int64_t t = 5'000'000;
  uint16_t seq = 65000;
  for (int i = 0; i < 300; ++i) {
    seq = static_cast<uint16_t>(seq + 1 + (i % 7 == 3 ? 2 : 0) + (i == 100 ? 40 : 0));
    t += (i % 11 == 5) ? 90'000 : (i % 13 == 7 ? -3'000 : 1'250);
    arrivals.push_back({seq, t});
  }
  Bytes out(1500);
  const uint16_t base = 64990;
  auto r = RtcpTransportFeedback::write({7, 8, base, 42}, arrivals, out);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->arrivals_written, arrivals.size());
  EXPECT_EQ(r->bytes % 4, 0u);

  Bytes wire(out.begin(), out.begin() + static_cast<ptrdiff_t>(r->bytes));
  auto h = RtcpHeader::parse(wire);
  ASSERT_TRUE(h.ok());
  auto fb = RtcpTransportFeedback::parse(*h);
  ASSERT_TRUE(fb.ok());
  EXPECT_EQ(fb->base_sequence_number(), base);
  EXPECT_EQ(fb->feedback_count(), 42);
  EXPECT_EQ(fb->received_count(), arrivals.size());
  size_t next = 0;
  size_t reported = 0;
  fb->for_each_packet([&](const TwccPacketStatus& st) {
    ++reported;
    const bool expected =
        next < arrivals.size() && arrivals[next].sequence_number == st.sequence_number;
    ASSERT_EQ(st.received, expected) << st.sequence_number;
    if (!expected) return;
    // Rounded down to 250 us, relative to the 64 ms reference.
    EXPECT_EQ(st.arrival_time_us, arrivals[next].arrival_time_us / 250 * 250);
    ++next;
  });
  EXPECT_EQ(next, arrivals.size());
  EXPECT_EQ(reported, static_cast<uint16_t>(arrivals.back().sequence_number - base) + 1u);
}

TEST(RtcpTransportFeedback, SplitsWhenTheBufferOrDeltaRangeRunsOut) {
  std::vector<TwccArrival> arrivals;
  for (uint16_t i = 0; i < 200; ++i) arrivals.push_back({i, 1'000'000 + i * 300'000});  // 300 ms
  Bytes small(64);
  auto r = RtcpTransportFeedback::write({1, 2, 0, 0}, arrivals, small);
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->arrivals_written, 0u);
  EXPECT_LT(r->arrivals_written, arrivals.size());
  EXPECT_LE(r->bytes, small.size());
  auto h = RtcpHeader::parse(std::span<const uint8_t>(small).first(r->bytes));
  ASSERT_TRUE(h.ok());
  auto fb = RtcpTransportFeedback::parse(*h);
  ASSERT_TRUE(fb.ok());
  EXPECT_EQ(fb->received_count(), r->arrivals_written);

  const TwccArrival far[] = {{0, 0}, {1, 9'000'000}};  // 9 s does not fit a 16-bit delta
  Bytes out(64);
  auto f = RtcpTransportFeedback::write({1, 2, 0, 0}, far, out);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->arrivals_written, 1u);

  const TwccArrival dup[] = {{5, 0}, {5, 1000}, {6, 2000}};
  auto d = RtcpTransportFeedback::write({1, 2, 5, 0}, dup, out);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->arrivals_written, 1u);

  auto before_base = RtcpTransportFeedback::write({1, 2, 10, 0}, dup, out);
  ASSERT_FALSE(before_base.ok());
  EXPECT_EQ(before_base.error(), RtcpError::kBadInput);
  Bytes tiny(20);
  auto no_room = RtcpTransportFeedback::write({1, 2, 5, 0}, dup, tiny);
  ASSERT_FALSE(no_room.ok());
  EXPECT_EQ(no_room.error(), RtcpError::kBufferTooSmall);
}

}  // namespace
}  // namespace meet::rtc
