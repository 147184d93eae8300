// libFuzzer target: the H.264 SPS size reader (rtc/codecs/h264_sps.hpp) over arbitrary bytes,
// alone and as an RTP payload; sizes it returns are positive.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "rtc/codecs/h264_sps.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  if (auto s = meet::rtc::h264_sps_size(bytes)) {
    if (s->width == 0 || s->height == 0) abort();
  }
  if (auto s = meet::rtc::h264_keyframe_size(bytes)) {
    if (s->width == 0 || s->height == 0) abort();
  }
  return 0;
}
