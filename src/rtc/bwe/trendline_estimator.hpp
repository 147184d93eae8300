#pragma once
// Delay-based congestion signal: draft-ietf-rmcat-gcc-02 section 5. Instead of the draft's
// Kalman filter (section 5.3) it uses the trendline filter that libwebrtc replaced it with:
// accumulate the inter-group delay variation d(i) into a queueing-delay curve, smooth it
// exponentially, and take the least-squares slope over the last kWindow groups. A positive
// slope means a queue is growing. The slope, scaled by the number of deltas seen (capped) and
// a gain, is the m(i) the over-use detector (section 5.4) compares with its threshold.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "rtc/bwe/inter_arrival.hpp"
#include "rtc/bwe/overuse_detector.hpp"

namespace meet::rtc {

class TrendlineEstimator {
 public:
  static constexpr size_t kWindow = 20;        // groups in the regression
  static constexpr double kSmoothing = 0.9;    // weight of the previous smoothed delay
  static constexpr double kThresholdGain = 4;  // slope -> m(i)
  static constexpr int kMaxDeltas = 60;        // cap of the "groups seen" factor

  // Feeds one received packet in the order feedback lists them (times from PacketResult).
  // Returns the detector state, updated when this packet completes a group.
  BandwidthUsage on_packet(int64_t send_time_us, int64_t arrival_time_us);

  BandwidthUsage state() const { return detector_.state(); }
  double trend() const { return trend_; }  // ms of delay per ms of arrival
  double modified_trend_ms() const { return modified_trend_ms_; }
  double threshold_ms() const { return detector_.threshold_ms(); }

 private:
  void update(const PacketGroupDelta& delta);

  struct Sample {
    double arrival_ms = 0;  // since the first group
    double smoothed_delay_ms = 0;
  };

  InterArrival inter_arrival_;
  OveruseDetector detector_;
  std::array<Sample, kWindow> window_{};
  size_t window_size_ = 0;
  size_t window_head_ = 0;  // next slot to write
  int num_deltas_ = 0;
  double accumulated_delay_ms_ = 0;
  double smoothed_delay_ms_ = 0;
  std::optional<int64_t> first_arrival_us_;
  double trend_ = 0;
  double modified_trend_ms_ = 0;
};

}  // namespace meet::rtc
