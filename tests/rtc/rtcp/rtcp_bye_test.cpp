#include "rtc/rtcp/rtcp_bye.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(RtcpBye, RoundTripsWithReason) {
  const Bytes wire = {
      0x82, 0xcb, 0x00, 0x04,  // V=2 SC=2 | PT=203 | length 4 (20 bytes)
      0x00, 0x00, 0x00, 0x01,  // SSRC 1
      0x00, 0x00, 0x00, 0x02,  // SSRC 2
      0x04, 'l',  'e',  'f',   // reason length 4: "lef...
      't',  0x00, 0x00, 0x00,  // ...t" | pad
  };
  auto h = RtcpHeader::parse(wire);
  ASSERT_TRUE(h.ok());
  auto bye = RtcpBye::parse(*h);
  ASSERT_TRUE(bye.ok());
  ASSERT_EQ(bye->ssrc_count(), 2u);
  EXPECT_EQ(bye->ssrc(0), 1u);
  EXPECT_EQ(bye->ssrc(1), 2u);
  EXPECT_EQ(bye->reason(), "left");
}

TEST(RtcpBye, WritesWithAndWithoutReason) {
  const uint32_t ssrcs[] = {1, 2};
  Bytes out(32);
  auto n = RtcpBye::write(ssrcs, "bye", out);
  ASSERT_TRUE(n.ok());
  const Bytes expect = {
      0x82, 0xcb, 0x00, 0x03,  // V=2 SC=2 | PT=203 | length 3 (16 bytes)
      0x00, 0x00, 0x00, 0x01,  // SSRC 1
      0x00, 0x00, 0x00, 0x02,  // SSRC 2
      0x03, 'b',  'y',  'e',   // reason length 3: "bye"
  };
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(*n)), expect);
  auto h = RtcpHeader::parse(expect);
  ASSERT_TRUE(h.ok());
  auto bye = RtcpBye::parse(*h);
  ASSERT_TRUE(bye.ok());
  EXPECT_EQ(bye->reason(), "bye");

  auto m = RtcpBye::write(ssrcs, "", out);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, 12u);
  EXPECT_EQ(out[0], 0x82);
  EXPECT_EQ(out[3], 0x02);
}

TEST(RtcpBye, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"SC=2 with one SSRC", {0x82, 0xcb, 0x00, 0x01, 0, 0, 0, 1}, RtcpError::kTooShort},
      {"reason past the end",
       {0x81, 0xcb, 0x00, 0x02, 0, 0, 0, 1, 0x04, 'a', 'b', 'c'},
       RtcpError::kBadItem},
      {"RR handed to BYE parser", {0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1}, RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto b = RtcpBye::parse(*h);
    ASSERT_FALSE(b.ok()) << c.name;
    EXPECT_EQ(b.error(), c.error) << c.name;
  }
}

}  // namespace
}  // namespace meet::rtc
