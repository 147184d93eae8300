#include "rtc/rtp/rtp_header_extensions.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtc/rtp/rtp_packet_builder.hpp"

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint8_t kMid = 1;
constexpr uint8_t kRid = 2;
constexpr uint8_t kRepairedRid = 3;
constexpr uint8_t kAbsSendTime = 4;
constexpr uint8_t kTransportSeq = 5;
constexpr uint8_t kAudioLevel = 6;

// A simulcast video packet with one-byte extensions, written out by hand.
Bytes one_byte_sample() {
  return {
      0x90, 0x60, 0x00, 0x64,  // V=2 X=1 | PT=96 | seq 100
      0x00, 0x00, 0x0b, 0xb8,  // timestamp 3000
      0x00, 0x00, 0x30, 0x39,  // SSRC 12345
      0xbe, 0xde, 0x00, 0x04,  // one-byte form, 4 words
      0x10, 0x31, 0x21, 0x72,  // mid (id 1, L=0): "1" | rid (id 2, L=1): "r...
      0x30, 0x42, 0xfe, 0xdc,  // ...0" | abs-send-time (id 4, L=2): 0xfedcba...
      0xba, 0x51, 0x01, 0x02,  // ... | transport seq (id 5, L=1): 0x0102
      0x60, 0x95, 0x00, 0x00,  // audio level (id 6, L=0): V=1 level 21 | padding
  };
}

TEST(RtpHeaderExtensions, ReadsOneByteForm) {
  Bytes b = one_byte_sample();
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(read_mid(*p, kMid), "1");
  EXPECT_EQ(read_rid(*p, kRid), "r0");
  EXPECT_FALSE(read_repaired_rid(*p, kRepairedRid).has_value());
  EXPECT_EQ(read_abs_send_time(*p, kAbsSendTime), 0xfedcbau);
  EXPECT_EQ(read_transport_sequence_number(*p, kTransportSeq), 0x0102);
  auto level = read_audio_level(*p, kAudioLevel);
  ASSERT_TRUE(level.has_value());
  EXPECT_TRUE(level->voice);
  EXPECT_EQ(level->level, 21);
}

TEST(RtpHeaderExtensions, ReadsTwoByteForm) {
  const uint8_t mid[] = {'a', 'u', 'd', 'i', 'o'};
  const uint8_t rrid[] = {'h', 'i', '_', '-', '1'};
  const uint8_t abs[] = {0x00, 0x40, 0x00};
  const uint8_t seq[] = {0xff, 0xfe};
  const uint8_t level[] = {0x7f};
  Bytes buf(128);
  RtpPacketBuilder builder;
  builder.set_payload_type(111).set_sequence_number(1).set_ssrc(2);
  builder.set_extension_form(RtpExtensionForm::kTwoByte);
  ASSERT_TRUE(builder.add_extension(kMid, mid));
  ASSERT_TRUE(builder.add_extension(kRepairedRid, rrid));
  ASSERT_TRUE(builder.add_extension(kAbsSendTime, abs));
  ASSERT_TRUE(builder.add_extension(kTransportSeq, seq));
  ASSERT_TRUE(builder.add_extension(kAudioLevel, level));
  auto p = builder.write(buf);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->extension_form(), RtpExtensionForm::kTwoByte);
  EXPECT_EQ(read_mid(*p, kMid), "audio");
  EXPECT_EQ(read_repaired_rid(*p, kRepairedRid), "hi_-1");
  EXPECT_EQ(read_abs_send_time(*p, kAbsSendTime), 0x004000u);
  EXPECT_EQ(abs_send_time_to_us(0x004000), 62500u);  // 2^14 / 2^18 s
  EXPECT_EQ(read_transport_sequence_number(*p, kTransportSeq), 0xfffe);
  auto l = read_audio_level(*p, kAudioLevel);
  ASSERT_TRUE(l.has_value());
  EXPECT_FALSE(l->voice);
  EXPECT_EQ(l->level, 127);
}

TEST(RtpHeaderExtensions, RejectsWrongSizesAndCharacters) {
  const uint8_t bad_rid[] = {'r', ' ', '0'};
  const uint8_t bad_mid[] = {'a', 0x00};
  const uint8_t empty[] = {0};
  const uint8_t four[] = {1, 2, 3, 4};
  Bytes buf(128);
  RtpPacketBuilder builder;
  builder.set_extension_form(RtpExtensionForm::kTwoByte);
  ASSERT_TRUE(builder.add_extension(kRid, bad_rid));
  ASSERT_TRUE(builder.add_extension(kMid, bad_mid));
  ASSERT_TRUE(builder.add_extension(kRepairedRid, std::span<const uint8_t>(empty, 0)));
  ASSERT_TRUE(builder.add_extension(kAbsSendTime, four));
  ASSERT_TRUE(builder.add_extension(kTransportSeq, four));
  ASSERT_TRUE(builder.add_extension(kAudioLevel, std::span<const uint8_t>(empty, 0)));
  auto p = builder.write(buf);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(read_rid(*p, kRid).has_value());
  EXPECT_FALSE(read_mid(*p, kMid).has_value());
  EXPECT_FALSE(read_repaired_rid(*p, kRepairedRid).has_value());
  EXPECT_FALSE(read_abs_send_time(*p, kAbsSendTime).has_value());
  EXPECT_FALSE(read_transport_sequence_number(*p, kTransportSeq).has_value());
  EXPECT_FALSE(read_audio_level(*p, kAudioLevel).has_value());
}

TEST(RtpHeaderExtensions, WritesTransportSequenceNumberInPlace) {
  Bytes b = one_byte_sample();
  auto p = RtpPacket::parse(b);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(write_transport_sequence_number(*p, kTransportSeq, 0xbeef));
  EXPECT_EQ(b[26], 0xbe);
  EXPECT_EQ(b[27], 0xef);
  EXPECT_EQ(read_transport_sequence_number(*p, kTransportSeq), 0xbeef);
  EXPECT_FALSE(write_transport_sequence_number(*p, kAbsSendTime, 1));  // 3 bytes, not 2
  EXPECT_FALSE(write_transport_sequence_number(*p, 9, 1));             // absent
  Bytes expect = one_byte_sample();
  expect[26] = 0xbe;
  expect[27] = 0xef;
  EXPECT_EQ(b, expect);
}

}  // namespace
}  // namespace meet::rtc
