#include "rtc/bwe/overuse_detector.hpp"

#include <algorithm>
#include <cmath>

namespace meet::rtc {

std::string_view to_string(BandwidthUsage usage) {
  switch (usage) {
    case BandwidthUsage::kNormal:
      return "normal";
    case BandwidthUsage::kUnderusing:
      return "underusing";
    case BandwidthUsage::kOverusing:
      return "overusing";
  }
  return "unknown";
}

BandwidthUsage OveruseDetector::detect(double modified_trend_ms, double send_delta_ms,
                                       int64_t arrival_time_us) {
  if (modified_trend_ms > threshold_ms_) {
    // Half the first interval: the trend crossed the threshold somewhere inside it.
    time_over_using_ms_ =
        time_over_using_ms_ < 0 ? send_delta_ms / 2 : time_over_using_ms_ + send_delta_ms;
    ++overuse_count_;
    if (time_over_using_ms_ > kOveruseTimeMs && overuse_count_ > 1 &&
        modified_trend_ms >= previous_trend_ms_) {
      time_over_using_ms_ = 0;
      overuse_count_ = 0;
      state_ = BandwidthUsage::kOverusing;
    }
  } else if (modified_trend_ms < -threshold_ms_) {
    time_over_using_ms_ = -1;
    overuse_count_ = 0;
    state_ = BandwidthUsage::kUnderusing;
  } else {
    time_over_using_ms_ = -1;
    overuse_count_ = 0;
    state_ = BandwidthUsage::kNormal;
  }
  previous_trend_ms_ = modified_trend_ms;
  adapt_threshold(modified_trend_ms, arrival_time_us);
  return state_;
}

// gamma(i) = gamma(i-1) + dt * K(i) * (|m(i)| - gamma(i-1)), section 5.4, with dt in ms capped
// so one late group cannot swing it; spikes far above gamma (a route change, a stall) are
// left out so they do not raise it.
void OveruseDetector::adapt_threshold(double modified_trend_ms, int64_t arrival_time_us) {
  if (!last_adapt_us_) last_adapt_us_ = arrival_time_us;
  const double magnitude = std::fabs(modified_trend_ms);
  if (magnitude > threshold_ms_ + kMaxAdaptOutlierMs) {
    last_adapt_us_ = arrival_time_us;
    return;
  }
  const double gain = magnitude < threshold_ms_ ? kDownGain : kUpGain;
  const int64_t step_us =
      std::clamp<int64_t>(arrival_time_us - *last_adapt_us_, 0, kMaxAdaptStepUs);
  threshold_ms_ += gain * (magnitude - threshold_ms_) * static_cast<double>(step_us) / 1000.0;
  threshold_ms_ = std::clamp(threshold_ms_, kMinThresholdMs, kMaxThresholdMs);
  last_adapt_us_ = arrival_time_us;
}

}  // namespace meet::rtc
