#include "rtc/rtp/rtp_rtcp_demux.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

TEST(RtpRtcpDemux, SplitsOnTheSecondByte) {
  struct Case {
    std::vector<uint8_t> bytes;
    bool rtcp;
  };
  const Case cases[] = {
      {{0x80, 200}, true},   // SR
      {{0x81, 201}, true},   // RR
      {{0x81, 205}, true},   // RTPFB
      {{0x81, 206}, true},   // PSFB
      {{0x80, 192}, true},   // lowest: marker + PT 64
      {{0x80, 223}, true},   // highest: marker + PT 95
      {{0x80, 191}, false},  // marker + PT 63
      {{0x80, 224}, false},  // marker + PT 96 (typical video with marker)
      {{0x80, 96}, false},   // PT 96 without marker
      {{0x80, 111}, false},  // Opus
      {{0x80}, false},       // too short
      {{}, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(is_rtcp(c.bytes), c.rtcp) << (c.bytes.size() > 1 ? int{c.bytes[1]} : -1);
  }
}

}  // namespace
}  // namespace meet::rtc
