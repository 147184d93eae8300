#include "rtc/rtcp/rtcp_report_block.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(RtcpReportBlock, ReadsAndWritesEveryField) {
  const Bytes wire = {
      0xca, 0xfe, 0xba, 0xbe,  // SSRC
      0x40, 0x00, 0x01, 0x2c,  // fraction lost 64/256 | cumulative lost 300
      0x00, 0x02, 0xff, 0xf0,  // extended highest seq: 2 cycles, seq 0xfff0
      0x00, 0x00, 0x01, 0x00,  // jitter 256
      0x12, 0x34, 0x56, 0x78,  // LSR
      0x00, 0x01, 0x80, 0x00,  // DLSR 1.5 s
  };
  const RtcpReportBlock r = RtcpReportBlock::read(wire);
  EXPECT_EQ(r.ssrc, 0xcafebabeu);
  EXPECT_EQ(r.fraction_lost, 64);
  EXPECT_EQ(r.cumulative_lost, 300);
  EXPECT_EQ(r.extended_highest_sequence, 0x0002fff0u);
  EXPECT_EQ(r.jitter, 256u);
  EXPECT_EQ(r.last_sr, 0x12345678u);
  EXPECT_EQ(r.delay_since_last_sr, 0x18000u);
  Bytes out(24);
  r.write(out);
  EXPECT_EQ(out, wire);
}

TEST(RtcpReportBlock, CumulativeLostIsSigned24Bit) {
  struct Case {
    int32_t value;
    Bytes wire;  // bytes 5..7
    int32_t read_back;
  };
  const Case cases[] = {
      {-1, {0xff, 0xff, 0xff}, -1},
      {-2, {0xff, 0xff, 0xfe}, -2},
      {0x7fffff, {0x7f, 0xff, 0xff}, 0x7fffff},
      {0x1000000, {0x7f, 0xff, 0xff}, 0x7fffff},  // clamped
      {-0x800000, {0x80, 0x00, 0x00}, -0x800000},
      {-0x900000, {0x80, 0x00, 0x00}, -0x800000},  // clamped
  };
  for (const Case& c : cases) {
    RtcpReportBlock r;
    r.cumulative_lost = c.value;
    Bytes out(24);
    r.write(out);
    EXPECT_EQ(Bytes(out.begin() + 5, out.begin() + 8), c.wire) << c.value;
    EXPECT_EQ(RtcpReportBlock::read(out).cumulative_lost, c.read_back) << c.value;
  }
}

TEST(RtcpReportBlock, ComputesFractionLostAndCompactNtp) {
  EXPECT_EQ(RtcpReportBlock::fraction_lost_of(100, 25), 64);
  EXPECT_EQ(RtcpReportBlock::fraction_lost_of(100, 0), 0);
  EXPECT_EQ(RtcpReportBlock::fraction_lost_of(100, -3), 0);  // duplicates
  EXPECT_EQ(RtcpReportBlock::fraction_lost_of(0, 5), 0);
  EXPECT_EQ(RtcpReportBlock::fraction_lost_of(10, 10), 255);
  EXPECT_EQ(RtcpReportBlock::compact_ntp(0x1122334455667788ull), 0x33445566u);
}

}  // namespace
}  // namespace meet::rtc
