#include "rtc/rtcp/rtcp_sdes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// Two chunks: the first with CNAME and TOOL, the second with a CNAME only.
const Bytes kSdes = {
    0x82, 0xca, 0x00, 0x07,  // V=2 SC=2 | PT=202 | length 7 (32 bytes)
    0x00, 0x00, 0x00, 0x01,  // chunk 1: SSRC 1
    0x01, 0x03, 'x',  'y',   //   CNAME, 3: "xy...
    'z',  0x06, 0x03, 'm',   //   ...z" | TOOL, 3: "m...
    'e',  't',  0x00, 0x00,  //   ...et" | end | pad
    0x00, 0x00, 0x00, 0x02,  // chunk 2: SSRC 2
    0x01, 0x01, 'q',  0x00,  //   CNAME, 1: "q" | end
    0x00, 0x00, 0x00, 0x00,  //   pad (a whole null word is allowed)
};

TEST(RtcpSdes, IteratesChunksAndItems) {
  auto h = RtcpHeader::parse(kSdes);
  ASSERT_TRUE(h.ok());
  auto sdes = RtcpSdes::parse(*h);
  ASSERT_TRUE(sdes.ok());
  EXPECT_EQ(sdes->chunk_count(), 2u);
  std::vector<std::string> seen;
  sdes->for_each_item([&](const RtcpSdesItem& item) {
    seen.push_back(std::to_string(item.ssrc) + "/" + std::to_string(item.type) + "/" +
                   std::string(item.text));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"1/1/xyz", "1/6/met", "2/1/q"}));
  EXPECT_EQ(sdes->cname(1), "xyz");
  EXPECT_EQ(sdes->cname(2), "q");
  EXPECT_FALSE(sdes->cname(3).has_value());
}

TEST(RtcpSdes, WritesCnameAndParsesItBack) {
  Bytes out(64);
  auto n = RtcpSdes::write_cname(0x11223344, "abcd", out);
  ASSERT_TRUE(n.ok());
  const Bytes expect = {
      0x81, 0xca, 0x00, 0x03,  // V=2 SC=1 | PT=202 | length 3 (16 bytes)
      0x11, 0x22, 0x33, 0x44,  // SSRC
      0x01, 0x04, 'a',  'b',   // CNAME, 4: "ab...
      'c',  'd',  0x00, 0x00,  // ...cd" | end | pad
  };
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(*n)), expect);

  // A CNAME filling the word exactly still needs a whole word for the end octet.
  auto m = RtcpSdes::write_cname(1, "ab", out);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, 16u);
  auto h = RtcpHeader::parse(std::span<const uint8_t>(out).first(*m));
  ASSERT_TRUE(h.ok());
  auto sdes = RtcpSdes::parse(*h);
  ASSERT_TRUE(sdes.ok());
  EXPECT_EQ(sdes->cname(1), "ab");

  Bytes small(15);
  auto too_small = RtcpSdes::write_cname(1, "abcd", small);
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.error(), RtcpError::kBufferTooSmall);
  auto too_long = RtcpSdes::write_cname(1, std::string(256, 'a'), out);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error(), RtcpError::kBadInput);
}

TEST(RtcpSdes, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"SC=1 without chunk", {0x81, 0xca, 0x00, 0x00}, RtcpError::kBadItem},
      {"item length past the end",
       {0x81, 0xca, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x09, 'a', 'b'},
       RtcpError::kBadItem},
      {"no end octet",
       {0x81, 0xca, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x02, 'a', 'b'},
       RtcpError::kBadItem},
      {"SC=2 with one chunk",
       {0x82, 0xca, 0x00, 0x02, 0, 0, 0, 1, 0x00, 0x00, 0x00, 0x00},
       RtcpError::kBadItem},
      {"BYE handed to SDES parser", {0x80, 0xcb, 0x00, 0x00}, RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto s = RtcpSdes::parse(*h);
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_EQ(s.error(), c.error) << c.name;
  }
}

}  // namespace
}  // namespace meet::rtc
