#include "rtc/rtcp/rtcp_remb.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kRemb = {
    0x8f, 0xce, 0x00, 0x06,  // V=2 FMT=15 | PT=206 PSFB | length 6 (28 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0x00, 0x00, 0x00, 0x00,  // media SSRC 0
    'R',  'E',  'M',  'B',   // identifier
    0x02, 0x13, 0xd0, 0x90,  // 2 SSRCs | exp 4, mantissa 0x3d090 (250000): 4 Mbps
    0x11, 0x11, 0x11, 0x11,  // SSRC
    0x22, 0x22, 0x22, 0x22,  // SSRC
};

TEST(RtcpRemb, ParsesBitrateAndSsrcs) {
  auto h = RtcpHeader::parse(kRemb);
  ASSERT_TRUE(h.ok());
  auto remb = RtcpRemb::parse(*h);
  ASSERT_TRUE(remb.ok());
  EXPECT_EQ(remb->sender_ssrc(), 1u);
  EXPECT_EQ(remb->bitrate_bps(), 4000000u);
  ASSERT_EQ(remb->ssrc_count(), 2u);
  EXPECT_EQ(remb->ssrc(0), 0x11111111u);
  EXPECT_EQ(remb->ssrc(1), 0x22222222u);
}

TEST(RtcpRemb, RoundTrips) {
  const uint32_t ssrcs[] = {0x11111111, 0x22222222};
  Bytes out(64);
  auto n = RtcpRemb::write(1, 4000000, ssrcs, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(*n)), kRemb);
}

TEST(RtcpRemb, EncodesLargeAndSmallBitrates) {
  Bytes out(64);
  const uint64_t rates[] = {0, 1, 0x3ffff, 0x40000, 123456789, 1ull << 40};
  for (const uint64_t rate : rates) {
    auto n = RtcpRemb::write(1, rate, {}, out);
    ASSERT_TRUE(n.ok());
    auto h = RtcpHeader::parse(std::span<const uint8_t>(out).first(*n));
    ASSERT_TRUE(h.ok());
    auto remb = RtcpRemb::parse(*h);
    ASSERT_TRUE(remb.ok());
    // Rounded down to 18 significant bits.
    EXPECT_LE(remb->bitrate_bps(), rate);
    EXPECT_GE(remb->bitrate_bps(), rate - rate / 0x20000) << rate;
  }
}

TEST(RtcpRemb, SaturatesHugeExponent) {
  Bytes b = kRemb;
  b[17] = 0xff;  // exp 63, mantissa high bits set
  auto h = RtcpHeader::parse(b);
  ASSERT_TRUE(h.ok());
  auto remb = RtcpRemb::parse(*h);
  ASSERT_TRUE(remb.ok());
  EXPECT_EQ(remb->bitrate_bps(), std::numeric_limits<uint64_t>::max());
}

TEST(RtcpRemb, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"other AFB",
       {0x8f, 0xce, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0, 'X', 'Y', 'Z', 'W', 0, 0, 0, 0},
       RtcpError::kWrongType},
      {"SSRC count past the end",
       {0x8f, 0xce, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0, 'R', 'E', 'M', 'B', 2, 0, 0, 0},
       RtcpError::kTooShort},
      {"no bitrate word",
       {0x8f, 0xce, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 'R', 'E', 'M', 'B'},
       RtcpError::kTooShort},
      {"PLI FMT", {0x81, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0}, RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto r = RtcpRemb::parse(*h);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error(), c.error) << c.name;
  }
}

}  // namespace
}  // namespace meet::rtc
