#include "rtc/bwe/probe_controller.hpp"

#include <algorithm>

namespace meet::rtc {

std::optional<ProbeRequest> ProbeController::poll(int64_t now_us, int64_t estimate_bps,
                                                  int64_t max_bps, bool lossy, bool overusing) {
  if (active_) return std::nullopt;
  if (next_probe_us_ && now_us < *next_probe_us_) return std::nullopt;
  if (static_cast<double>(estimate_bps) >= kNearMaxRatio * static_cast<double>(max_bps)) {
    return std::nullopt;
  }
  if (lossy || overusing) return std::nullopt;

  ProbeRequest r;
  r.cluster_id = next_cluster_;
  next_cluster_ = static_cast<uint16_t>(next_cluster_ == 0xffff ? 1 : next_cluster_ + 1);
  r.target_bps =
      std::min(static_cast<int64_t>(kProbeFactor * static_cast<double>(estimate_bps)), max_bps);
  r.duration_us = std::max(kMinDurationUs, kMinProbePackets * kPacketBits * 1'000'000 /
                                               std::max<int64_t>(r.target_bps, 1));
  active_ = r;
  active_start_us_ = now_us;
  ++probes_sent_;
  return r;
}

void ProbeController::on_estimate(int64_t estimate_bps, int64_t now_us) {
  estimate_bps_ = estimate_bps;
  if (estimate_bps >= recent_max_bps_ || now_us - recent_max_us_ > kDropMemoryUs) {
    recent_max_bps_ = estimate_bps;
    recent_max_us_ = now_us;
  }
  const bool dropped =
      static_cast<double>(estimate_bps) < kDropRatio * static_cast<double>(recent_max_bps_);
  if (dropped && !recovering_ && next_probe_us_) {
    // Probe again soon whatever the backoff had reached.
    next_probe_us_ = std::min(*next_probe_us_, now_us + kMinIntervalUs);
  }
  recovering_ = dropped;
}

uint16_t ProbeController::cluster_at(int64_t now_us) const {
  if (!active_ || now_us < active_start_us_ || now_us >= active_end_us()) return 0;
  return active_->cluster_id;
}

void ProbeController::on_result(std::optional<int64_t> result_bps, int64_t now_us) {
  if (!active_) return;
  const bool success = result_bps && static_cast<double>(*result_bps) >=
                                         kSuccessRatio * static_cast<double>(active_->target_bps);
  if (success) {
    ++probes_succeeded_;
    interval_us_ = kMinIntervalUs;
    next_probe_us_ = now_us + kFollowUpGapUs;
  } else {
    const bool short_of_wanted = wanted_bps_ > estimate_bps_;
    const bool retry_soon = recovering_ || short_of_wanted;
    next_probe_us_ = now_us + (retry_soon ? kMinIntervalUs : interval_us_);
    if (!retry_soon) interval_us_ = std::min(interval_us_ * 2, kMaxIntervalUs);
  }
  active_.reset();
}

}  // namespace meet::rtc
