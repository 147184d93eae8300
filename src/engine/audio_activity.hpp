#pragma once
// How loud one microphone has been lately, from the RFC 6464 audio level each packet carries
// (0 = 0 dBov, loudest, .. 127 = -127 dBov, silence). Smoothed over about half a second so one
// loud packet is not speech and a breath between words is not silence. Fixed size, no
// allocation; worker thread; time from the caller.
#include <chrono>
#include <cstdint>

namespace meet::engine {

class AudioActivity {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  // Levels at or below -kQuietDbov count as silence; louder ones score linearly up to 0 dBov.
  static constexpr int kQuietDbov = 70;
  // Without packets for this long (muted, DTX, gone) the microphone counts as silent.
  static constexpr auto kStale = std::chrono::milliseconds(500);

  void on_level(uint8_t level_dbov, TimePoint now);
  // 0 (silent) .. 1 (loud).
  float score(TimePoint now) const;

 private:
  float smoothed_ = 0;
  TimePoint last_{};
  bool seen_ = false;
};

}  // namespace meet::engine
