// libFuzzer target: the vp9 RTP depacketizer over arbitrary payloads (depacketizer_fuzz.hpp).
#include "depacketizer_fuzz.hpp"
#include "record/depacketizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz_depacketizer(data, size,
                           [](std::span<const uint8_t> payload, std::vector<uint8_t>& frame) {
                             return meet::record::depacketize_vp9(payload, frame);
                           });
}
