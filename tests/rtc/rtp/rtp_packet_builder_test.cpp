#include "rtc/rtp/rtp_packet_builder.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(RtpPacketBuilder, WritesOneByteFormByteForByte) {
  const uint8_t abs[] = {0x12, 0x34, 0x56};
  const uint8_t seq[] = {0x00, 0x07};
  const uint8_t mid[] = {'0'};
  const uint8_t payload[] = {0x90, 0x01, 0x02, 0x03};
  RtpPacketBuilder builder;
  builder.set_marker(true).set_payload_type(96).set_sequence_number(0x1234);
  builder.set_timestamp(123456).set_ssrc(0xdeadbeef).set_payload(payload);
  ASSERT_TRUE(builder.add_extension(2, abs));
  ASSERT_TRUE(builder.add_extension(3, seq));
  ASSERT_TRUE(builder.add_extension(4, mid));
  Bytes out(64);
  auto p = builder.write(out);
  ASSERT_TRUE(p.ok());
  const Bytes expect = {
      0x90, 0xe0, 0x12, 0x34,  // V=2 X=1 | M=1 PT=96 | seq 0x1234
      0x00, 0x01, 0xe2, 0x40,  // timestamp 123456
      0xde, 0xad, 0xbe, 0xef,  // SSRC
      0xbe, 0xde, 0x00, 0x03,  // one-byte form, 3 words
      0x22, 0x12, 0x34, 0x56,  // id 2 L=2
      0x31, 0x00, 0x07, 0x40,  // id 3 L=1 | id 4 L=0
      0x30, 0x00, 0x00, 0x00,  // '0' | padding
      0x90, 0x01, 0x02, 0x03,  // payload
  };
  EXPECT_EQ(builder.size(), expect.size());
  EXPECT_EQ(Bytes(p->bytes().begin(), p->bytes().end()), expect);
}

TEST(RtpPacketBuilder, SwitchesToTwoByteFormWhenNeeded) {
  const uint8_t long_value[17] = {};
  RtpPacketBuilder builder;
  ASSERT_TRUE(builder.add_extension(1, long_value));  // 17 bytes do not fit one-byte form
  Bytes out(64);
  auto p = builder.write(out);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->extension_form(), RtpExtensionForm::kTwoByte);
  EXPECT_EQ(p->extension(1)->size(), 17u);

  RtpPacketBuilder high_id;
  const uint8_t one[] = {1};
  ASSERT_TRUE(high_id.add_extension(15, one));
  auto q = high_id.write(out);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->extension_form(), RtpExtensionForm::kTwoByte);

  high_id.set_extension_form(RtpExtensionForm::kOneByte);
  auto r = high_id.write(out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), RtpWriteError::kBadExtension);
}

TEST(RtpPacketBuilder, WritesCsrcsAndPadding) {
  const uint8_t payload[] = {0xd5, 0xd5, 0xd5};
  RtpPacketBuilder builder;
  builder.set_payload_type(8).set_sequence_number(0xffff).set_timestamp(160);
  builder.set_ssrc(0x11223344).set_payload(payload).set_padding(3);
  ASSERT_TRUE(builder.add_csrc(1));
  ASSERT_TRUE(builder.add_csrc(2));
  Bytes out(26);
  auto p = builder.write(out);
  ASSERT_TRUE(p.ok());
  const Bytes expect = {
      0xa2, 0x08, 0xff, 0xff,  // V=2 P=1 CC=2 | PT=8 | seq 65535
      0x00, 0x00, 0x00, 0xa0,  // timestamp 160
      0x11, 0x22, 0x33, 0x44,  // SSRC
      0x00, 0x00, 0x00, 0x01,  // CSRC 1
      0x00, 0x00, 0x00, 0x02,  // CSRC 2
      0xd5, 0xd5, 0xd5,        // payload
      0x00, 0x00, 0x03,        // padding, count 3
  };
  EXPECT_EQ(out, expect);

  Bytes small(25);
  auto too_small = builder.write(small);
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.error(), RtpWriteError::kBufferTooSmall);
}

TEST(RtpPacketBuilder, RefusesBadAdds) {
  RtpPacketBuilder builder;
  const uint8_t one[] = {1};
  const uint8_t big[256] = {};
  EXPECT_FALSE(builder.add_extension(0, one));
  EXPECT_FALSE(builder.add_extension(1, big));
  for (uint8_t id = 1; id <= RtpPacketBuilder::kMaxExtensions; ++id) {
    EXPECT_TRUE(builder.add_extension(id, one));
  }
  EXPECT_FALSE(builder.add_extension(17, one));
  for (size_t i = 0; i < RtpPacketBuilder::kMaxCsrcs; ++i) EXPECT_TRUE(builder.add_csrc(1));
  EXPECT_FALSE(builder.add_csrc(1));
}

}  // namespace
}  // namespace meet::rtc
