#include "rtc/rtcp/rtcp_pli.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kPli = {
    0x81, 0xce, 0x00, 0x02,  // V=2 FMT=1 | PT=206 PSFB | length 2 (12 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0xde, 0xad, 0xbe, 0xef,  // media SSRC
};

TEST(RtcpPli, RoundTrips) {
  auto h = RtcpHeader::parse(kPli);
  ASSERT_TRUE(h.ok());
  auto pli = RtcpPli::parse(*h);
  ASSERT_TRUE(pli.ok());
  EXPECT_EQ(pli->sender_ssrc(), 1u);
  EXPECT_EQ(pli->media_ssrc(), 0xdeadbeefu);
  Bytes out(12);
  auto n = RtcpPli::write(1, 0xdeadbeef, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(out, kPli);
  Bytes small(11);
  EXPECT_FALSE(RtcpPli::write(1, 2, small).ok());
}

TEST(RtcpPli, RejectsBadInputs) {
  const Bytes short_pli = {0x81, 0xce, 0x00, 0x01, 0, 0, 0, 1};
  auto h = RtcpHeader::parse(short_pli);
  ASSERT_TRUE(h.ok());
  auto p = RtcpPli::parse(*h);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error(), RtcpError::kTooShort);
  const Bytes fir = {0x84, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0};
  auto fh = RtcpHeader::parse(fir);
  ASSERT_TRUE(fh.ok());
  auto f = RtcpPli::parse(*fh);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error(), RtcpError::kWrongType);
}

}  // namespace
}  // namespace meet::rtc
