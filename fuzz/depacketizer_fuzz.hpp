// Shared body of the depacketizer fuzz targets: each input is split at length-prefixed chunks
// (first byte of a chunk: its length, cut at the end of the input) into payloads fed into one
// frame, as the packets of one frame would be. A refused payload starts a new frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

template <typename Depacketize>
int fuzz_depacketizer(const uint8_t* data, size_t size, Depacketize depacketize) {
  std::vector<uint8_t> frame;
  std::span<const uint8_t> in(data, size);
  while (!in.empty()) {
    size_t n = in[0];
    in = in.subspan(1);
    if (n > in.size()) n = in.size();
    auto r = depacketize(in.first(n), frame);
    if (!r.ok()) frame.clear();
    in = in.subspan(n);
  }
  return 0;
}
