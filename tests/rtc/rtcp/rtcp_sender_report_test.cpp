#include "rtc/rtcp/rtcp_sender_report.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kSr = {
    0x81, 0xc8, 0x00, 0x0c,  // V=2 RC=1 | PT=200 SR | length 12 (52 bytes)
    0x00, 0x00, 0x04, 0xd2,  // sender SSRC 1234
    0xe8, 0x8c, 0x5a, 0x00,  // NTP seconds
    0x80, 0x00, 0x00, 0x00,  // NTP fraction (0.5 s)
    0x00, 0x01, 0x5f, 0x90,  // RTP timestamp 90000
    0x00, 0x00, 0x00, 0x64,  // packet count 100
    0x00, 0x01, 0x86, 0xa0,  // octet count 100000
    0x00, 0x00, 0x16, 0x2e,  // report block: SSRC 5678
    0x05, 0xff, 0xff, 0xfe,  //   fraction 5 | cumulative lost -2
    0x00, 0x00, 0x10, 0x00,  //   extended highest seq 4096
    0x00, 0x00, 0x00, 0x07,  //   jitter 7
    0x5a, 0x00, 0x80, 0x00,  //   LSR
    0x00, 0x00, 0x40, 0x00,  //   DLSR 0.25 s
};

TEST(RtcpSenderReport, ParsesSenderInfoAndBlocks) {
  auto h = RtcpHeader::parse(kSr);
  ASSERT_TRUE(h.ok());
  auto sr = RtcpSenderReport::parse(*h);
  ASSERT_TRUE(sr.ok());
  EXPECT_EQ(sr->sender_ssrc(), 1234u);
  EXPECT_EQ(sr->ntp_timestamp(), 0xe88c5a0080000000ull);
  EXPECT_EQ(sr->rtp_timestamp(), 90000u);
  EXPECT_EQ(sr->packet_count(), 100u);
  EXPECT_EQ(sr->octet_count(), 100000u);
  ASSERT_EQ(sr->report_count(), 1u);
  const RtcpReportBlock b = sr->report_block(0);
  EXPECT_EQ(b.ssrc, 5678u);
  EXPECT_EQ(b.fraction_lost, 5);
  EXPECT_EQ(b.cumulative_lost, -2);
  EXPECT_EQ(b.delay_since_last_sr, 0x4000u);
}

TEST(RtcpSenderReport, RoundTrips) {
  auto h = RtcpHeader::parse(kSr);
  ASSERT_TRUE(h.ok());
  auto sr = RtcpSenderReport::parse(*h);
  ASSERT_TRUE(sr.ok());
  const RtcpReportBlock blocks[] = {sr->report_block(0)};
  Bytes out(64);
  auto n = RtcpSenderReport::write(sr->sender_info(), blocks, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(*n)), kSr);

  Bytes small(51);
  auto too_small = RtcpSenderReport::write(sr->sender_info(), blocks, small);
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.error(), RtcpError::kBufferTooSmall);
}

TEST(RtcpSenderReport, RejectsBadInputs) {
  const Bytes rc2 = {
      0x82, 0xc8, 0x00, 0x0c,  // RC=2 but room for one block
      0,    0,    0,    1,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  auto h = RtcpHeader::parse(rc2);
  ASSERT_TRUE(h.ok());
  auto sr = RtcpSenderReport::parse(*h);
  ASSERT_FALSE(sr.ok());
  EXPECT_EQ(sr.error(), RtcpError::kTooShort);

  const Bytes rr = {0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1};
  auto rh = RtcpHeader::parse(rr);
  ASSERT_TRUE(rh.ok());
  auto wrong = RtcpSenderReport::parse(*rh);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error(), RtcpError::kWrongType);

  const Bytes short_info = {0x80, 0xc8, 0x00, 0x01, 0, 0, 0, 1};
  auto sh = RtcpHeader::parse(short_info);
  ASSERT_TRUE(sh.ok());
  auto s = RtcpSenderReport::parse(*sh);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), RtcpError::kTooShort);
}

}  // namespace
}  // namespace meet::rtc
