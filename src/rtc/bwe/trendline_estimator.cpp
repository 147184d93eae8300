#include "rtc/bwe/trendline_estimator.hpp"

#include <algorithm>

namespace meet::rtc {
namespace {

// Least-squares slope of y over x; nullopt when all x are equal.
template <typename Samples>
std::optional<double> linear_fit_slope(const Samples& samples, size_t n) {
  double sum_x = 0;
  double sum_y = 0;
  for (size_t i = 0; i < n; ++i) {
    sum_x += samples[i].arrival_ms;
    sum_y += samples[i].smoothed_delay_ms;
  }
  const double mean_x = sum_x / static_cast<double>(n);
  const double mean_y = sum_y / static_cast<double>(n);
  double num = 0;
  double den = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = samples[i].arrival_ms - mean_x;
    num += dx * (samples[i].smoothed_delay_ms - mean_y);
    den += dx * dx;
  }
  if (den == 0) return std::nullopt;
  return num / den;
}

}  // namespace

BandwidthUsage TrendlineEstimator::on_packet(int64_t send_time_us, int64_t arrival_time_us) {
  if (auto delta = inter_arrival_.on_packet(send_time_us, arrival_time_us)) update(*delta);
  return detector_.state();
}

void TrendlineEstimator::update(const PacketGroupDelta& delta) {
  num_deltas_ = std::min(num_deltas_ + 1, kMaxDeltas);
  if (!first_arrival_us_) first_arrival_us_ = delta.arrival_time_us;
  accumulated_delay_ms_ += delta.arrival_delta_ms - delta.send_delta_ms;
  smoothed_delay_ms_ = kSmoothing * smoothed_delay_ms_ + (1 - kSmoothing) * accumulated_delay_ms_;

  // The window is a ring; the regression does not care about order.
  window_[window_head_] = Sample{
      static_cast<double>(delta.arrival_time_us - *first_arrival_us_) / 1000.0, smoothed_delay_ms_};
  window_head_ = (window_head_ + 1) % kWindow;
  window_size_ = std::min(window_size_ + 1, kWindow);
  if (window_size_ == kWindow) {
    if (auto slope = linear_fit_slope(window_, window_size_)) trend_ = *slope;
  }
  modified_trend_ms_ = static_cast<double>(num_deltas_) * trend_ * kThresholdGain;
  if (num_deltas_ < 2) return;
  detector_.detect(modified_trend_ms_, delta.send_delta_ms, delta.arrival_time_us);
}

}  // namespace meet::rtc
