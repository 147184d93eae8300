#include "rtc/codecs/h264_payload.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(H264Payload, DetectsKeyframes) {
  struct Case {
    const char* name;
    Bytes payload;
    bool key;
  };
  const Case cases[] = {
      {"single IDR slice", {0x65, 0x88, 0x84}, true},
      {"single SPS", {0x67, 0x42, 0xc0, 0x1f}, true},
      {"single PPS", {0x68, 0xce, 0x3c, 0x80}, false},
      {"single non-IDR slice", {0x41, 0x9a}, false},
      {"SEI", {0x06, 0x05}, false},
      {"STAP-A with SPS and PPS (what Chrome sends before an IDR)",
       {
           0x78,                    // STAP-A, NRI=3
           0x00, 0x04,              // size 4
           0x67, 0x42, 0xc0, 0x1f,  //   SPS
           0x00, 0x04,              // size 4
           0x68, 0xce, 0x3c, 0x80,  //   PPS
       },
       true},
      {"STAP-A with PPS and IDR",
       {0x78, 0x00, 0x02, 0x68, 0xce, 0x00, 0x03, 0x65, 0x88, 0x84},
       true},
      {"STAP-A without key NAL", {0x78, 0x00, 0x02, 0x68, 0xce, 0x00, 0x02, 0x41, 0x9a}, false},
      {"STAP-A size past the end",
       {0x78, 0x00, 0x04, 0x67, 0x42, 0xc0, 0x1f, 0x00, 0x09, 0x68},
       false},
      {"STAP-A odd trailing byte", {0x78, 0x00, 0x02, 0x67, 0x42, 0x00}, false},
      {"STAP-A zero size", {0x78, 0x00, 0x00, 0x00, 0x02, 0x67, 0x42}, false},
      {"STAP-A empty", {0x78}, false},
      {"STAP-B with SPS", {0x79, 0x12, 0x34, 0x00, 0x02, 0x67, 0x42}, true},
      {"FU-A start of IDR", {0x7c, 0x85, 0xb8, 0x00}, true},
      {"FU-A middle of IDR", {0x7c, 0x05, 0xb8, 0x00}, false},
      {"FU-A end of IDR", {0x7c, 0x45, 0xb8, 0x00}, false},
      {"FU-A start of non-IDR", {0x5c, 0x81, 0x9a}, false},
      {"FU-A header missing", {0x7c}, false},
      {"FU-B start of IDR", {0x7d, 0x85, 0x00, 0x01, 0xb8}, true},
      {"MTAP16", {0x7a, 0x00}, false},
      {"reserved type 0", {0x00, 0x00}, false},
      {"empty", {}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(h264_is_keyframe(c.payload), c.key) << c.name;
}

}  // namespace
}  // namespace meet::rtc
