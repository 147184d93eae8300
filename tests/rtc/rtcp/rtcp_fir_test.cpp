#include "rtc/rtcp/rtcp_fir.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kFir = {
    0x84, 0xce, 0x00, 0x06,  // V=2 FMT=4 | PT=206 PSFB | length 6 (28 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0x00, 0x00, 0x00, 0x00,  // media SSRC (unused)
    0x00, 0x00, 0x00, 0x0a,  // FCI 1: SSRC 10
    0x07, 0x00, 0x00, 0x00,  //        seq nr 7 | reserved
    0x00, 0x00, 0x00, 0x0b,  // FCI 2: SSRC 11
    0xff, 0x00, 0x00, 0x00,  //        seq nr 255 | reserved
};

TEST(RtcpFir, RoundTrips) {
  auto h = RtcpHeader::parse(kFir);
  ASSERT_TRUE(h.ok());
  auto fir = RtcpFir::parse(*h);
  ASSERT_TRUE(fir.ok());
  EXPECT_EQ(fir->sender_ssrc(), 1u);
  ASSERT_EQ(fir->entry_count(), 2u);
  EXPECT_EQ(fir->entry(0).ssrc, 10u);
  EXPECT_EQ(fir->entry(0).sequence_number, 7);
  EXPECT_EQ(fir->entry(1).ssrc, 11u);
  EXPECT_EQ(fir->entry(1).sequence_number, 255);

  const RtcpFirEntry entries[] = {{10, 7}, {11, 255}};
  Bytes out(64, 0xee);
  auto n = RtcpFir::write(1, entries, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(*n)), kFir);
}

TEST(RtcpFir, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"no FCI", {0x84, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0}, RtcpError::kBadCount},
      {"half an entry",
       {0x84, 0xce, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
       RtcpError::kBadCount},
      {"no media SSRC", {0x84, 0xce, 0x00, 0x01, 0, 0, 0, 1}, RtcpError::kTooShort},
      {"PLI handed to FIR parser",
       {0x81, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0},
       RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto f = RtcpFir::parse(*h);
    ASSERT_FALSE(f.ok()) << c.name;
    EXPECT_EQ(f.error(), c.error) << c.name;
  }
  Bytes out(64);
  auto empty = RtcpFir::write(1, {}, out);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error(), RtcpError::kBadInput);
}

}  // namespace
}  // namespace meet::rtc
