#include "rtc/rtcp/rtcp_compound.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// What Chrome sends as a regular report: RR + SDES CNAME, then a REMB, in one datagram.
const Bytes kChromeCompound = {
    0x81, 0xc9, 0x00, 0x07,  // V=2 RC=1 | PT=201 RR | length 7 (32 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0x11, 0x22, 0x33, 0x44,  // report block: SSRC
    0x00, 0x00, 0x00, 0x00,  //   fraction lost 0 | cumulative lost 0
    0x00, 0x01, 0x00, 0x10,  //   extended highest seq 65552
    0x00, 0x00, 0x00, 0x20,  //   jitter 32
    0x00, 0x00, 0x00, 0x00,  //   LSR
    0x00, 0x00, 0x00, 0x00,  //   DLSR
    0x81, 0xca, 0x00, 0x03,  // V=2 SC=1 | PT=202 SDES | length 3 (16 bytes)
    0x00, 0x00, 0x00, 0x01,  // chunk SSRC 1
    0x01, 0x04, 'a',  'b',   // CNAME, 4 bytes: "ab...
    'c',  'd',  0x00, 0x00,  // ...cd" | end | pad
    0x8f, 0xce, 0x00, 0x05,  // V=2 FMT=15 | PT=206 PSFB | length 5 (24 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0x00, 0x00, 0x00, 0x00,  // media SSRC 0
    'R',  'E',  'M',  'B',   // identifier
    0x01, 0x13, 0xd0, 0x90,  // 1 SSRC | exp 4, mantissa 250000 (4 Mbps)
    0x11, 0x22, 0x33, 0x44,  // SSRC
};

TEST(RtcpCompound, IteratesEveryPacket) {
  auto c = RtcpCompound::parse(kChromeCompound);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->packet_count(), 3u);
  std::vector<int> types;
  std::vector<size_t> sizes;
  for (const RtcpHeader& h : *c) {
    types.push_back(h.packet_type());
    sizes.push_back(h.size());
  }
  EXPECT_EQ(types, (std::vector<int>{201, 202, 206}));
  EXPECT_EQ(sizes, (std::vector<size_t>{32, 16, 24}));
}

TEST(RtcpHeader, ReadsFieldsAndStripsPadding) {
  const Bytes b = {
      0xa0, 0xcb, 0x00, 0x02,  // V=2 P=1 SC=0 | PT=203 BYE | length 2 (12 bytes)
      0x01, 0x02, 0x03, 0x04,  // body
      0x00, 0x00, 0x00, 0x04,  // padding, count 4
      0xff, 0xff,              // next packet (not looked at)
  };
  auto h = RtcpHeader::parse(b);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->has_padding());
  EXPECT_EQ(h->count(), 0);
  EXPECT_EQ(h->packet_type(), kRtcpBye);
  EXPECT_EQ(h->size(), 12u);
  EXPECT_EQ(h->padding_size(), 4u);
  EXPECT_EQ(h->body().size(), 4u);
  EXPECT_EQ(h->body()[0], 0x01);
}

TEST(RtcpHeader, WritesHeader) {
  Bytes out(4);
  RtcpHeader::write(out, 1, kRtcpReceiverReport, 32);
  EXPECT_EQ(out, (Bytes{0x81, 0xc9, 0x00, 0x07}));
}

struct BadRtcp {
  const char* name;
  Bytes bytes;
  RtcpError error;
};

TEST(RtcpCompound, RejectsBadInputs) {
  const BadRtcp cases[] = {
      {"empty", {}, RtcpError::kTooShort},
      {"3 bytes", {0x80, 0xc9, 0x00}, RtcpError::kTooShort},
      {"version 1", {0x40, 0xc9, 0x00, 0x00}, RtcpError::kBadVersion},
      {"length past the end", {0x80, 0xc9, 0x00, 0x01, 0, 0, 0}, RtcpError::kBadLength},
      {"padding count 0", {0xa0, 0xcb, 0x00, 0x01, 0, 0, 0, 0}, RtcpError::kBadPadding},
      {"padding longer than body", {0xa0, 0xcb, 0x00, 0x01, 0, 0, 0, 5}, RtcpError::kBadPadding},
      {"trailing partial packet", {0x80, 0xcb, 0x00, 0x00, 0x80, 0xcb}, RtcpError::kTooShort},
      {"second packet bad version",
       {0x80, 0xcb, 0x00, 0x00, 0xc0, 0xcb, 0x00, 0x00},
       RtcpError::kBadVersion},
  };
  for (const BadRtcp& c : cases) {
    auto r = RtcpCompound::parse(c.bytes);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error(), c.error) << c.name;
  }
}

TEST(RtcpCompound, AcceptsReducedSizeSinglePacket) {
  const Bytes pli = {
      0x81, 0xce, 0x00, 0x02,  // V=2 FMT=1 | PT=206 | length 2
      0x00, 0x00, 0x00, 0x01,  // sender SSRC
      0x00, 0x00, 0x00, 0x02,  // media SSRC
  };
  auto c = RtcpCompound::parse(pli);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->packet_count(), 1u);
  EXPECT_EQ((*c->begin()).count(), kPsfbPli);
}

}  // namespace
}  // namespace meet::rtc
