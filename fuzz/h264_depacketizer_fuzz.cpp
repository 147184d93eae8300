// libFuzzer target: the h264 RTP depacketizer over arbitrary payloads. Each input is split at
// length-prefixed chunks into several payloads fed into one frame, as a stream of
// packets of one frame would be.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "record/depacketizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> frame;
  std::span<const uint8_t> in(data, size);
  // First byte of each chunk: its length; the rest of the input when it runs past the end.
  while (!in.empty()) {
    size_t n = in[0];
    in = in.subspan(1);
    if (n > in.size()) n = in.size();
    auto r = meet::record::depacketize_h264(in.first(n), frame);
    if (!r.ok()) frame.clear();
    in = in.subspan(n);
  }
  return 0;
}
