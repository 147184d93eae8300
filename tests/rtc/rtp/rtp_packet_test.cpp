#include "rtc/rtp/rtp_packet.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// A VP8 packet as Chrome sends it: one-byte extensions for abs-send-time, transport-wide cc and
// mid, then a 4-byte payload.
Bytes chrome_like_packet() {
  return {
      0x90, 0xe0, 0x12, 0x34,  // V=2 P=0 X=1 CC=0 | M=1 PT=96 | seq 0x1234
      0x00, 0x01, 0xe2, 0x40,  // timestamp 123456
      0xde, 0xad, 0xbe, 0xef,  // SSRC
      0xbe, 0xde, 0x00, 0x03,  // profile 0xBEDE (one-byte form), 3 words follow
      0x22, 0x12, 0x34, 0x56,  // id 2 L=2: abs-send-time 0x123456
      0x31, 0x00, 0x07, 0x40,  // id 3 L=1: transport seq 7 | id 4 L=0: mid...
      0x30, 0x00, 0x00, 0x00,  // ...'0' | padding x3
      0x90, 0x01, 0x02, 0x03,  // payload
  };
}

TEST(RtpPacket, ParsesFixedHeader) {
  Bytes b = chrome_like_packet();
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(p->payload_type(), 96);
  EXPECT_EQ(p->sequence_number(), 0x1234);
  EXPECT_EQ(p->timestamp(), 123456u);
  EXPECT_EQ(p->ssrc(), 0xdeadbeefu);
  EXPECT_EQ(p->csrc_count(), 0);
  EXPECT_FALSE(p->has_padding());
  EXPECT_EQ(p->header_size(), 28u);
  EXPECT_EQ(p->size(), 32u);
  EXPECT_EQ(p->padding_size(), 0u);
  EXPECT_EQ(p->payload().size(), 4u);
  EXPECT_EQ(p->payload()[0], 0x90);
  EXPECT_EQ(p->bytes().data(), b.data());  // a view, not a copy
}

TEST(RtpPacket, ReadsOneByteExtensions) {
  Bytes b = chrome_like_packet();
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->extension_form(), RtpExtensionForm::kOneByte);
  EXPECT_EQ(p->extension_profile(), 0xBEDE);
  auto abs = p->extension(2);
  ASSERT_TRUE(abs.has_value());
  EXPECT_EQ(Bytes(abs->begin(), abs->end()), (Bytes{0x12, 0x34, 0x56}));
  auto tw = p->extension(3);
  ASSERT_TRUE(tw.has_value());
  EXPECT_EQ(Bytes(tw->begin(), tw->end()), (Bytes{0x00, 0x07}));
  auto mid = p->extension(4);
  ASSERT_TRUE(mid.has_value());
  EXPECT_EQ(Bytes(mid->begin(), mid->end()), (Bytes{'0'}));
  EXPECT_FALSE(p->extension(5).has_value());
  EXPECT_FALSE(p->extension(0).has_value());
  EXPECT_FALSE(p->extension(15).has_value());

  std::vector<int> ids;
  p->for_each_extension([&](uint8_t id, std::span<const uint8_t>) { ids.push_back(id); });
  EXPECT_EQ(ids, (std::vector<int>{2, 3, 4}));
}

TEST(RtpPacket, ReadsTwoByteExtensions) {
  Bytes b = {
      0x90, 0x6f, 0x00, 0x01,  // V=2 X=1 | PT=111 | seq 1
      0x00, 0x00, 0x00, 0x10,  // timestamp 16
      0x00, 0x00, 0x00, 0x2a,  // SSRC 42
      0x10, 0x01, 0x00, 0x04,  // profile 0x1001 (two-byte form, appbits 1), 4 words follow
      0x01, 0x00, 0x00, 0x10,  // id 1 len 0 | padding | id 16 len...
      0x03, 0x61, 0x62, 0x63,  // ...3: "abc"
      0xff, 0x05, 0x01, 0x02,  // id 255 len 5: 01 02...
      0x03, 0x04, 0x05, 0x00,  // ...03 04 05 | padding
      0xaa,                    // payload
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->extension_form(), RtpExtensionForm::kTwoByte);
  auto empty = p->extension(1);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
  auto abc = p->extension(16);
  ASSERT_TRUE(abc.has_value());
  EXPECT_EQ(std::string(abc->begin(), abc->end()), "abc");
  auto big = p->extension(255);
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(Bytes(big->begin(), big->end()), (Bytes{1, 2, 3, 4, 5}));
  EXPECT_EQ(p->payload().size(), 1u);
}

TEST(RtpPacket, StopsWalkingAtIdFifteen) {
  Bytes b = {
      0x90, 0x60, 0x00, 0x01,  // V=2 X=1 | PT=96 | seq 1
      0x00, 0x00, 0x00, 0x00,  // timestamp
      0x00, 0x00, 0x00, 0x01,  // SSRC
      0xbe, 0xde, 0x00, 0x02,  // one-byte form, 2 words
      0x10, 0x11, 0xf0, 0x20,  // id 1 L=0: 0x11 | id 15: stop | (id 2 never reached)
      0x22, 0x00, 0x00, 0x00,  // ...
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->extension(1).has_value());
  EXPECT_FALSE(p->extension(2).has_value());
}

TEST(RtpPacket, StopsWalkingAtIdZeroWithLength) {
  // Found by fuzzing: ID 0 is padding only as a whole zero byte; with L > 0 it is malformed
  // and must not surface as an element nobody can look up.
  Bytes b = {
      0x90, 0x60, 0x00, 0x01,  // V=2 X=1 | PT=96 | seq 1
      0x00, 0x00, 0x00, 0x00,  // timestamp
      0x00, 0x00, 0x00, 0x01,  // SSRC
      0xbe, 0xde, 0x00, 0x01,  // one-byte form, 1 word
      0x10, 0x11, 0x01, 0x20,  // id 1 L=0: 0x11 | id 0 L=1: stop | (id 2 never reached)
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  std::vector<int> ids;
  p->for_each_extension([&](uint8_t id, std::span<const uint8_t>) { ids.push_back(id); });
  EXPECT_EQ(ids, (std::vector<int>{1}));
}

TEST(RtpPacket, MalformedElementEndsTheWalkButKeepsThePacket) {
  Bytes b = {
      0x90, 0x60, 0x00, 0x01,  // V=2 X=1 | PT=96 | seq 1
      0x00, 0x00, 0x00, 0x00,  // timestamp
      0x00, 0x00, 0x00, 0x01,  // SSRC
      0xbe, 0xde, 0x00, 0x01,  // one-byte form, 1 word
      0x10, 0x11, 0x2f, 0x00,  // id 1 L=0: 0x11 | id 2 L=15: 16 bytes do not fit the block
      0x55, 0x66,              // payload
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->extension(1).has_value());
  EXPECT_FALSE(p->extension(2).has_value());
  EXPECT_EQ(p->payload().size(), 2u);
}

TEST(RtpPacket, IgnoresUnknownExtensionProfile) {
  Bytes b = {
      0x90, 0x60, 0x00, 0x01,  // V=2 X=1 | PT=96 | seq 1
      0x00, 0x00, 0x00, 0x00,  // timestamp
      0x00, 0x00, 0x00, 0x01,  // SSRC
      0xab, 0xcd, 0x00, 0x01,  // profile 0xABCD, 1 word
      0x10, 0x11, 0x00, 0x00,  // would read as id 1 in one-byte form
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->extension_form(), RtpExtensionForm::kOther);
  EXPECT_EQ(p->extension_profile(), 0xabcd);
  EXPECT_EQ(p->extension_block().size(), 4u);
  EXPECT_FALSE(p->extension(1).has_value());
}

TEST(RtpPacket, ReadsCsrcsAndPadding) {
  Bytes b = {
      0xa2, 0x08, 0xff, 0xff,  // V=2 P=1 X=0 CC=2 | M=0 PT=8 | seq 65535
      0x00, 0x00, 0x00, 0xa0,  // timestamp 160
      0x11, 0x22, 0x33, 0x44,  // SSRC
      0x00, 0x00, 0x00, 0x01,  // CSRC 1
      0x00, 0x00, 0x00, 0x02,  // CSRC 2
      0xd5, 0xd5, 0xd5,        // payload (3 bytes)
      0x00, 0x00, 0x03,        // padding, count 3
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->csrc_count(), 2);
  EXPECT_EQ(p->csrc(0), 1u);
  EXPECT_EQ(p->csrc(1), 2u);
  EXPECT_EQ(p->header_size(), 20u);
  EXPECT_EQ(p->padding_size(), 3u);
  EXPECT_EQ(p->payload_size(), 3u);
  EXPECT_EQ(p->extension_form(), RtpExtensionForm::kNone);
  EXPECT_EQ(p->extension_profile(), 0);
}

TEST(RtpPacket, AcceptsPaddingThatFillsThePayload) {
  Bytes b = {
      0xa0, 0x60, 0x00, 0x01,  // V=2 P=1 | PT=96 | seq 1
      0x00, 0x00, 0x00, 0x00,  // timestamp
      0x00, 0x00, 0x00, 0x01,  // SSRC
      0x00, 0x00, 0x00, 0x04,  // 4 bytes of padding, no payload (a bandwidth probe)
  };
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->payload_size(), 0u);
  EXPECT_EQ(p->padding_size(), 4u);
}

TEST(RtpPacket, SettersWriteInPlaceAndRoundTrip) {
  Bytes b = chrome_like_packet();
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  p->set_marker(false);
  p->set_payload_type(100);
  p->set_sequence_number(0xfffe);
  p->set_timestamp(0x01020304);
  p->set_ssrc(0x0a0b0c0d);
  const Bytes expect_header = {
      0x90, 0x64, 0xff, 0xfe,  // M=0 PT=100 | seq 0xfffe
      0x01, 0x02, 0x03, 0x04,  // timestamp
      0x0a, 0x0b, 0x0c, 0x0d,  // SSRC
  };
  EXPECT_EQ(Bytes(b.begin(), b.begin() + 12), expect_header);
  auto again = RtpPacket::parse(b);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->payload_type(), 100);
  EXPECT_FALSE(again->marker());
  // Everything after the fixed header is untouched.
  Bytes original = chrome_like_packet();
  EXPECT_TRUE(std::equal(b.begin() + 12, b.end(), original.begin() + 12));
}

TEST(RtpPacket, SetsExtensionBytesOnlyWhenSizeMatches) {
  Bytes b = chrome_like_packet();
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  const uint8_t two[] = {0xab, 0xcd};
  const uint8_t three[] = {1, 2, 3};
  EXPECT_TRUE(p->set_extension_bytes(3, two));
  EXPECT_FALSE(p->set_extension_bytes(3, three));
  EXPECT_FALSE(p->set_extension_bytes(9, two));
  EXPECT_EQ(b[21], 0xab);
  EXPECT_EQ(b[22], 0xcd);
}

struct BadRtp {
  const char* name;
  Bytes bytes;
  RtpError error;
};

TEST(RtpPacket, RejectsBadInputs) {
  const BadRtp cases[] = {
      {"empty", {}, RtpError::kTooShort},
      {"11 bytes", {0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0}, RtpError::kTooShort},
      {"version 1", {0x40, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, RtpError::kBadVersion},
      {"version 0 (STUN-like)", {0x00, 0x01, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, RtpError::kBadVersion},
      {"version 3", {0xc0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, RtpError::kBadVersion},
      {"CC=1 without CSRC", {0x81, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, RtpError::kBadCsrcCount},
      {"CC=15 with one CSRC",
       {0x8f, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2},
       RtpError::kBadCsrcCount},
      {"X without extension header",
       {0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde},
       RtpError::kBadExtension},
      {"extension length past the end",
       {0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0x00, 0x02, 0x10, 0x01, 0, 0},
       RtpError::kBadExtension},
      {"P without room for the count",
       {0xa0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
       RtpError::kBadPadding},
      {"padding count zero",
       {0xa0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xaa, 0x00},
       RtpError::kBadPadding},
      {"padding longer than payload",
       {0xa0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xaa, 0x03},
       RtpError::kBadPadding},
      {"padding reaching into the extension",
       {0xb0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0x00, 0x01, 0x10, 0x01, 0, 0, 0x05},
       RtpError::kBadPadding},
  };
  for (const BadRtp& c : cases) {
    Bytes b = c.bytes;
    auto p = RtpPacket::parse(b);
    ASSERT_FALSE(p.ok()) << c.name;
    EXPECT_EQ(p.error(), c.error) << c.name;
  }
}

}  // namespace
}  // namespace meet::rtc
