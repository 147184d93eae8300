#pragma once
// Extends 32-bit RTP timestamps to 64 bits across wraps (and backwards steps of reordered
// packets): each value moves the last one by the signed 32-bit difference.
#include <cstdint>

namespace meet::record {

class RtpTimestampUnwrapper {
 public:
  int64_t unwrap(uint32_t ts) {
    if (!started_) {
      started_ = true;
      last_ = ts;
      return last_;
    }
    last_ += static_cast<int32_t>(ts - static_cast<uint32_t>(last_));
    return last_;
  }

 private:
  bool started_ = false;
  int64_t last_ = 0;
};

}  // namespace meet::record
