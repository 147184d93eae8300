#include "rtc/rtcp/rtcp_nack.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;
using Seqs = std::vector<uint16_t>;

// A NACK as Chrome sends it after losing 1000, 1002, 1016 and 65535, 0 across the wrap.
const Bytes kNack = {
    0x81, 0xcd, 0x00, 0x04,  // V=2 FMT=1 | PT=205 RTPFB | length 4 (20 bytes)
    0x00, 0x00, 0x00, 0x01,  // sender SSRC 1
    0x12, 0x34, 0x56, 0x78,  // media SSRC
    0x03, 0xe8, 0x80, 0x02,  // PID 1000 | BLP bits 1 and 15: 1002, 1016
    0xff, 0xff, 0x00, 0x01,  // PID 65535 | BLP bit 0: 0
};

TEST(RtcpNack, ExpandsPidAndBlp) {
  auto h = RtcpHeader::parse(kNack);
  ASSERT_TRUE(h.ok());
  auto nack = RtcpNack::parse(*h);
  ASSERT_TRUE(nack.ok());
  EXPECT_EQ(nack->sender_ssrc(), 1u);
  EXPECT_EQ(nack->media_ssrc(), 0x12345678u);
  ASSERT_EQ(nack->item_count(), 2u);
  EXPECT_EQ(nack->pid(0), 1000);
  EXPECT_EQ(nack->blp(0), 0x8002);
  Seqs lost;
  nack->for_each_lost([&](uint16_t s) { lost.push_back(s); });
  EXPECT_EQ(lost, (Seqs{1000, 1002, 1016, 65535, 0}));

  std::array<uint16_t, 3> small{};
  EXPECT_EQ(nack->lost_sequence_numbers(small), 3u);
  EXPECT_EQ(small[2], 1016);
}

TEST(RtcpNack, PacksSequenceNumbersIntoPidAndBlp) {
  const uint16_t lost[] = {1000, 1002, 1016, 65535, 0};
  Bytes out(64);
  auto n = RtcpNack::write(1, 0x12345678, lost, out);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<ptrdiff_t>(*n)), kNack);
}

TEST(RtcpNack, RoundTripsLongRuns) {
  Seqs lost;
  for (uint16_t s = 65500; s != 40; ++s) {
    if (s % 3 != 0) lost.push_back(s);
  }
  Bytes out(512);
  auto n = RtcpNack::write(1, 2, lost, out);
  ASSERT_TRUE(n.ok());
  auto h = RtcpHeader::parse(std::span<const uint8_t>(out).first(*n));
  ASSERT_TRUE(h.ok());
  auto nack = RtcpNack::parse(*h);
  ASSERT_TRUE(nack.ok());
  Seqs back;
  nack->for_each_lost([&](uint16_t s) { back.push_back(s); });
  EXPECT_EQ(back, lost);
  EXPECT_LT(nack->item_count(), lost.size() / 4);  // packed, not one entry per number
}

TEST(RtcpNack, DropsDuplicatesAndHandlesUnsortedInput) {
  const uint16_t lost[] = {10, 10, 12, 5};
  Bytes out(64);
  auto n = RtcpNack::write(1, 2, lost, out);
  ASSERT_TRUE(n.ok());
  auto h = RtcpHeader::parse(std::span<const uint8_t>(out).first(*n));
  ASSERT_TRUE(h.ok());
  auto nack = RtcpNack::parse(*h);
  ASSERT_TRUE(nack.ok());
  Seqs back;
  nack->for_each_lost([&](uint16_t s) { back.push_back(s); });
  EXPECT_EQ(back, (Seqs{10, 12, 5}));
}

TEST(RtcpNack, RejectsBadInputs) {
  struct Case {
    const char* name;
    Bytes bytes;
    RtcpError error;
  };
  const Case cases[] = {
      {"no media SSRC", {0x81, 0xcd, 0x00, 0x01, 0, 0, 0, 1}, RtcpError::kTooShort},
      {"no FCI", {0x81, 0xcd, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2}, RtcpError::kBadCount},
      {"TWCC FMT", {0x8f, 0xcd, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2}, RtcpError::kWrongType},
      {"PSFB type", {0x81, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2}, RtcpError::kWrongType},
  };
  for (const Case& c : cases) {
    auto h = RtcpHeader::parse(c.bytes);
    ASSERT_TRUE(h.ok()) << c.name;
    auto n = RtcpNack::parse(*h);
    ASSERT_FALSE(n.ok()) << c.name;
    EXPECT_EQ(n.error(), c.error) << c.name;
  }
  Bytes out(64);
  auto empty = RtcpNack::write(1, 2, {}, out);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error(), RtcpError::kBadInput);
  const uint16_t far_apart[] = {1, 100};
  Bytes small(16);
  auto too_small = RtcpNack::write(1, 2, far_apart, small);
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.error(), RtcpError::kBufferTooSmall);
}

}  // namespace
}  // namespace meet::rtc
