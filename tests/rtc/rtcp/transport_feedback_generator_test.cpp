#include "rtc/rtcp/transport_feedback_generator.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::rtc {
namespace {

struct Report {
  uint16_t base = 0;
  uint8_t count = 0;
  std::vector<TwccPacketStatus> packets;
};

// Writes every pending packet and parses each one back.
std::vector<Report> drain(TransportFeedbackGenerator& gen, int64_t now_us,
                          size_t buffer_size = 1500) {
  std::vector<Report> out;
  std::vector<uint8_t> buf(buffer_size);
  while (size_t n = gen.write(0x1234, buf, now_us)) {
    auto h = RtcpHeader::parse(std::span<const uint8_t>(buf.data(), n));
    EXPECT_TRUE(h.ok());
    auto fb = RtcpTransportFeedback::parse(*h);
    EXPECT_TRUE(fb.ok());
    if (!fb.ok()) break;
    Report r{fb->base_sequence_number(), fb->feedback_count(), {}};
    EXPECT_EQ(fb->sender_ssrc(), 0xabcdu);
    fb->for_each_packet([&](const TwccPacketStatus& s) { r.packets.push_back(s); });
    out.push_back(std::move(r));
  }
  return out;
}

TEST(TransportFeedbackGenerator, ReportsArrivalsWithTheirTimes) {
  TransportFeedbackGenerator gen(0xabcd);
  gen.on_packet(10, 1'000'000);
  gen.on_packet(11, 1'001'000);
  gen.on_packet(13, 1'004'000);  // 12 is lost
  auto reports = drain(gen, 1'050'000);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].base, 10);
  ASSERT_EQ(reports[0].packets.size(), 4u);
  EXPECT_TRUE(reports[0].packets[0].received);
  EXPECT_TRUE(reports[0].packets[1].received);
  EXPECT_FALSE(reports[0].packets[2].received);
  EXPECT_TRUE(reports[0].packets[3].received);
  // Times survive to the 250 us tick, relative to one another.
  EXPECT_EQ(reports[0].packets[1].arrival_time_us - reports[0].packets[0].arrival_time_us, 1000);
  EXPECT_EQ(reports[0].packets[3].arrival_time_us - reports[0].packets[0].arrival_time_us, 4000);
}

TEST(TransportFeedbackGenerator, NextFeedbackStartsAfterTheLastReported) {
  TransportFeedbackGenerator gen(0xabcd);
  gen.on_packet(1, 0);
  gen.on_packet(2, 500);
  drain(gen, 1000);
  gen.on_packet(3, 60'000);
  auto reports = drain(gen, 60'000);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].base, 3);
  EXPECT_EQ(reports[0].count, 1);  // the feedback packet count grows
  EXPECT_EQ(reports[0].packets.size(), 1u);
}

TEST(TransportFeedbackGenerator, IsDueByIntervalOrByPacketCount) {
  TransportFeedbackGenerator gen(0xabcd);
  EXPECT_FALSE(gen.due(1'000'000));  // nothing pending
  gen.on_packet(0, 1'000'000);
  drain(gen, 1'000'000);
  gen.on_packet(1, 1'010'000);
  EXPECT_FALSE(gen.due(1'010'000));
  EXPECT_TRUE(gen.due(1'000'000 + TransportFeedbackGenerator::kIntervalUs));
  for (uint16_t s = 2; s <= TransportFeedbackGenerator::kPacketsPerFeedback; ++s) {
    gen.on_packet(s, 1'010'000 + s);
  }
  EXPECT_TRUE(gen.due(1'010'200));
}

TEST(TransportFeedbackGenerator, UnwrapsAcrossSequenceWrap) {
  TransportFeedbackGenerator gen(0xabcd);
  gen.on_packet(65534, 0);
  gen.on_packet(65535, 100);
  gen.on_packet(0, 200);
  gen.on_packet(1, 300);
  auto reports = drain(gen, 1000);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].base, 65534);
  ASSERT_EQ(reports[0].packets.size(), 4u);
  EXPECT_EQ(reports[0].packets[3].sequence_number, 1);
}

TEST(TransportFeedbackGenerator, ReorderedArrivalsAreReportedInSequenceOrder) {
  TransportFeedbackGenerator gen(0xabcd);
  gen.on_packet(5, 1000);
  gen.on_packet(7, 2000);
  gen.on_packet(6, 3000);  // late, before the feedback
  auto reports = drain(gen, 5000);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].packets.size(), 3u);
  for (const auto& p : reports[0].packets) EXPECT_TRUE(p.received);
  // 6 arrived after 7: a negative (large) delta.
  EXPECT_EQ(reports[0].packets[1].arrival_time_us - reports[0].packets[0].arrival_time_us, 2000);
}

TEST(TransportFeedbackGenerator, IgnoresDuplicatesAndPacketsAlreadyReported) {
  TransportFeedbackGenerator gen(0xabcd);
  EXPECT_TRUE(gen.on_packet(100, 0));
  EXPECT_FALSE(gen.on_packet(100, 10));
  drain(gen, 1000);
  EXPECT_FALSE(gen.on_packet(99, 2000));   // reported (as lost) already
  EXPECT_FALSE(gen.on_packet(100, 2000));  // reported already
  EXPECT_EQ(gen.late_or_duplicate(), 3u);
  EXPECT_FALSE(gen.due(1'000'000));
}

TEST(TransportFeedbackGenerator, SplitsABurstThatDoesNotFitOnePacket) {
  TransportFeedbackGenerator gen(0xabcd);
  for (uint16_t s = 0; s < 2000; ++s) gen.on_packet(s, int64_t{s} * 300);
  auto reports = drain(gen, 1'000'000, 400);
  ASSERT_GT(reports.size(), 1u);
  size_t received = 0;
  uint16_t expected_base = 0;
  for (const auto& r : reports) {
    EXPECT_EQ(r.base, expected_base);
    for (const auto& p : r.packets) received += p.received;
    expected_base = static_cast<uint16_t>(r.base + r.packets.size());
  }
  EXPECT_EQ(received, 2000u);
}

TEST(TransportFeedbackGenerator, StartsOverAfterAJumpBeyondItsWindow) {
  TransportFeedbackGenerator gen(0xabcd);
  gen.on_packet(0, 0);
  gen.on_packet(static_cast<uint16_t>(TransportFeedbackGenerator::kWindow + 10), 100);
  auto reports = drain(gen, 1000);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].base, TransportFeedbackGenerator::kWindow + 10);
  EXPECT_EQ(reports[0].packets.size(), 1u);
}

}  // namespace
}  // namespace meet::rtc
