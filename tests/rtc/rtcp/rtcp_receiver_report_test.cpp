#include "rtc/rtcp/rtcp_receiver_report.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(RtcpReceiverReport, WritesAndParsesTwoBlocks) {
  RtcpReportBlock a;
  a.ssrc = 0x0a0a0a0a;
  a.fraction_lost = 1;
  a.cumulative_lost = 2;
  a.extended_highest_sequence = 3;
  a.jitter = 4;
  a.last_sr = 5;
  a.delay_since_last_sr = 6;
  RtcpReportBlock b = a;
  b.ssrc = 0x0b0b0b0b;
  const RtcpReportBlock blocks[] = {a, b};
  Bytes out(64);
  auto n = RtcpReceiverReport::write(0x01020304, blocks, out);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 56u);
  const Bytes expect_start = {
      0x82, 0xc9, 0x00, 0x0d,  // V=2 RC=2 | PT=201 | length 13 (56 bytes)
      0x01, 0x02, 0x03, 0x04,  // sender SSRC
      0x0a, 0x0a, 0x0a, 0x0a,  // block 1 SSRC
      0x01, 0x00, 0x00, 0x02,  //   fraction 1 | cumulative 2
  };
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 16), expect_start);

  auto h = RtcpHeader::parse(std::span<const uint8_t>(out).first(*n));
  ASSERT_TRUE(h.ok());
  auto rr = RtcpReceiverReport::parse(*h);
  ASSERT_TRUE(rr.ok());
  EXPECT_EQ(rr->sender_ssrc(), 0x01020304u);
  ASSERT_EQ(rr->report_count(), 2u);
  EXPECT_EQ(rr->report_block(1).ssrc, 0x0b0b0b0bu);
  EXPECT_EQ(rr->report_block(1).delay_since_last_sr, 6u);
}

TEST(RtcpReceiverReport, EmptyReportIsEightBytes) {
  Bytes out(8);
  auto n = RtcpReceiverReport::write(7, {}, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(out, (Bytes{0x80, 0xc9, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07}));
}

TEST(RtcpReceiverReport, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"no sender SSRC", {0x80, 0xc9, 0x00, 0x00}, RtcpError::kTooShort},
      {"RC=1 without block", {0x81, 0xc9, 0x00, 0x01, 0, 0, 0, 1}, RtcpError::kTooShort},
      {"SR handed to RR parser", {0x80, 0xc8, 0x00, 0x01, 0, 0, 0, 1}, RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto rr = RtcpReceiverReport::parse(*h);
    ASSERT_FALSE(rr.ok()) << c.name;
    EXPECT_EQ(rr.error(), c.error) << c.name;
  }
  std::vector<RtcpReportBlock> too_many(32);
  Bytes out(1024);
  auto n = RtcpReceiverReport::write(1, too_many, out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error(), RtcpError::kTooManyItems);
}

}  // namespace
}  // namespace meet::rtc
