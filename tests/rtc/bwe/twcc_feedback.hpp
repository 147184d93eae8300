#pragma once
// Builds transport-wide feedback packets for bwe tests with the real writer, and keeps the
// bytes alive next to the parsed view.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::rtc::test {

class TwccFeedback {
 public:
  // One packet reporting from `base` up to the last of `arrivals` (gaps = lost).
  TwccFeedback(uint16_t base, std::span<const TwccArrival> arrivals, uint8_t count = 0)
      : bytes_(8192) {
    TwccFeedbackHeader h;
    h.sender_ssrc = 1;
    h.media_ssrc = 2;
    h.base_sequence_number = base;
    h.feedback_count = count;
    auto written = RtcpTransportFeedback::write(h, arrivals, bytes_);
    EXPECT_TRUE(written.ok());
    if (!written.ok()) return;
    EXPECT_EQ(written->arrivals_written, arrivals.size());
    bytes_.resize(written->bytes);
    parse();
  }
  explicit TwccFeedback(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) { parse(); }

  TwccFeedback(const TwccFeedback& other) : bytes_(other.bytes_) { parse(); }
  TwccFeedback& operator=(const TwccFeedback&) = delete;

  const RtcpTransportFeedback& get() const { return *fb_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  void parse() {
    auto h = RtcpHeader::parse(bytes_);
    ASSERT_TRUE(h.ok());
    auto fb = RtcpTransportFeedback::parse(*h);
    ASSERT_TRUE(fb.ok());
    fb_.emplace(*fb);
  }
  std::vector<uint8_t> bytes_;
  std::optional<RtcpTransportFeedback> fb_;
};

}  // namespace meet::rtc::test
