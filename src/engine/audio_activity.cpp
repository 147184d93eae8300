#include "engine/audio_activity.hpp"

#include <algorithm>
#include <cmath>

namespace meet::engine {
namespace {

constexpr float kTimeConstantMs = 400;

}  // namespace

void AudioActivity::on_level(uint8_t level_dbov, TimePoint now) {
  const int level = std::min<int>(level_dbov & 0x7f, kQuietDbov);
  const float sample = static_cast<float>(kQuietDbov - level) / kQuietDbov;
  if (!seen_ || now - last_ > kStale) {
    smoothed_ = 0;
  }
  const float dt_ms = seen_ ? std::chrono::duration<float, std::milli>(now - last_).count() : 20.0f;
  // An exponential moving average over time, whatever the packet interval (10-60 ms, or DTX).
  const float alpha = 1.0f - std::exp(-std::clamp(dt_ms, 0.0f, 1000.0f) / kTimeConstantMs);
  smoothed_ += (sample - smoothed_) * alpha;
  last_ = now;
  seen_ = true;
}

float AudioActivity::score(TimePoint now) const {
  if (!seen_ || now - last_ > kStale) return 0;
  return smoothed_;
}

}  // namespace meet::engine
