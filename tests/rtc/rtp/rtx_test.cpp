#include "rtc/rtp/rtx.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes original_packet() {
  return {
      0xb0, 0xe0, 0x03, 0xe8,  // V=2 P=1 X=1 | M=1 PT=96 | seq 1000
      0x00, 0x00, 0x27, 0x10,  // timestamp 10000
      0x00, 0x00, 0x00, 0x11,  // SSRC 0x11
      0xbe, 0xde, 0x00, 0x01,  // one-byte form, 1 word
      0x51, 0x00, 0x07, 0x00,  // transport seq (id 5) 7 | padding
      0x10, 0x20, 0x30,        // payload
      0x00, 0x02,              // padding, count 2
  };
}

TEST(Rtx, BuildsRfc4588Packet) {
  Bytes src = original_packet();
  auto original = RtpPacket::parse(src);
  ASSERT_TRUE(original.ok());
  Bytes out(64, 0xcc);
  auto rtx = build_rtx(*original, 0x22, 97, 500, out);
  ASSERT_TRUE(rtx.ok());
  const Bytes expect = {
      0x90, 0xe1, 0x01, 0xf4,  // V=2 P=0 X=1 | M=1 PT=97 | seq 500
      0x00, 0x00, 0x27, 0x10,  // timestamp unchanged
      0x00, 0x00, 0x00, 0x22,  // RTX SSRC
      0xbe, 0xde, 0x00, 0x01,  // extensions copied as they were
      0x51, 0x00, 0x07, 0x00,  //
      0x03, 0xe8,              // OSN 1000
      0x10, 0x20, 0x30,        // original payload, padding dropped
  };
  EXPECT_EQ(Bytes(rtx->bytes().begin(), rtx->bytes().end()), expect);
  EXPECT_EQ(rtx_original_sequence_number(*rtx), 1000);
}

TEST(Rtx, UnwrapRestoresTheOriginal) {
  Bytes src = original_packet();
  auto original = RtpPacket::parse(src);
  ASSERT_TRUE(original.ok());
  Bytes out(64);
  auto rtx = build_rtx(*original, 0x22, 97, 500, out);
  ASSERT_TRUE(rtx.ok());
  auto back = unwrap_rtx(*rtx, 0x11, 96);
  ASSERT_TRUE(back.ok());
  // Same bytes as the original without its padding.
  Bytes expect = original_packet();
  expect.resize(expect.size() - 2);
  expect[0] &= ~0x20;
  EXPECT_EQ(Bytes(back->bytes().begin(), back->bytes().end()), expect);
  EXPECT_EQ(back->bytes().data(), out.data() + 2);
}

TEST(Rtx, UnwrapKeepsPaddingOfTheRtxPacket) {
  Bytes b = {
      0xa0, 0x61, 0x00, 0x05,  // V=2 P=1 | PT=97 | seq 5
      0x00, 0x00, 0x00, 0x01,  // timestamp
      0x00, 0x00, 0x00, 0x22,  // RTX SSRC
      0x00, 0x09,              // OSN 9
      0xab,                    // payload
      0x00, 0x02,              // padding, count 2
  };
  auto rtx = RtpPacket::parse(b);
  ASSERT_TRUE(rtx.ok());
  auto back = unwrap_rtx(*rtx, 0x11, 96);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->sequence_number(), 9);
  EXPECT_EQ(back->ssrc(), 0x11u);
  EXPECT_EQ(back->payload_type(), 96);
  EXPECT_EQ(back->payload_size(), 1u);
  EXPECT_EQ(back->payload()[0], 0xab);
  EXPECT_EQ(back->padding_size(), 2u);
}

TEST(Rtx, RejectsPaddingOnlyProbeAndSmallBuffer) {
  Bytes b = {
      0xa0, 0x61, 0x00, 0x05,  // V=2 P=1 | PT=97 | seq 5
      0x00, 0x00, 0x00, 0x01,  // timestamp
      0x00, 0x00, 0x00, 0x22,  // RTX SSRC
      0x00, 0x00, 0x00, 0x04,  // padding only
  };
  auto probe = RtpPacket::parse(b);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(rtx_original_sequence_number(*probe).has_value());
  auto unwrapped = unwrap_rtx(*probe, 1, 96);
  ASSERT_FALSE(unwrapped.ok());
  EXPECT_EQ(unwrapped.error(), RtxError::kNoOriginalSequenceNumber);

  Bytes src = original_packet();
  auto original = RtpPacket::parse(src);
  ASSERT_TRUE(original.ok());
  Bytes small(24);  // needs 25
  auto rtx = build_rtx(*original, 0x22, 97, 500, small);
  ASSERT_FALSE(rtx.ok());
  EXPECT_EQ(rtx.error(), RtxError::kBufferTooSmall);
}

}  // namespace
}  // namespace meet::rtc
