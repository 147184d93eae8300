#pragma once
// Over-use detector with an adaptive threshold: draft-ietf-rmcat-gcc-02 section 5.4. Compares
// the (modified) delay trend m(i) with a threshold gamma(i) that follows |m(i)| slowly up
// (K_u) and faster down (K_d), so a standing queue from a competing TCP flow does not starve
// us while a growing one is still noticed.
#include <cstdint>
#include <optional>
#include <string_view>

namespace meet::rtc {

enum class BandwidthUsage : uint8_t { kNormal, kUnderusing, kOverusing };
std::string_view to_string(BandwidthUsage usage);

class OveruseDetector {
 public:
  static constexpr double kUpGain = 0.0087;   // K_u
  static constexpr double kDownGain = 0.039;  // K_d
  static constexpr double kInitialThresholdMs = 12.5;
  static constexpr double kMinThresholdMs = 6;
  static constexpr double kMaxThresholdMs = 600;
  static constexpr double kMaxAdaptOutlierMs = 15;  // |m| this far above gamma: don't adapt
  static constexpr double kOveruseTimeMs = 10;      // overuse must last this long (section 5.4)
  static constexpr int64_t kMaxAdaptStepUs = 100'000;

  // Feeds the trend for one group. `send_delta_ms` is the group's send spacing (how long the
  // trend has been in this state); `arrival_time_us` its arrival time, the clock the
  // threshold adapts on. Returns the new state. The state only turns to overuse when m(i)
  // has stayed above gamma for kOveruseTimeMs over at least two groups and is not falling.
  BandwidthUsage detect(double modified_trend_ms, double send_delta_ms, int64_t arrival_time_us);

  BandwidthUsage state() const { return state_; }
  double threshold_ms() const { return threshold_ms_; }

 private:
  void adapt_threshold(double modified_trend_ms, int64_t arrival_time_us);

  BandwidthUsage state_ = BandwidthUsage::kNormal;
  double threshold_ms_ = kInitialThresholdMs;
  double time_over_using_ms_ = -1;
  int overuse_count_ = 0;
  double previous_trend_ms_ = 0;
  std::optional<int64_t> last_adapt_us_;
};

}  // namespace meet::rtc
