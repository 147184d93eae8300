#include "rtc/bwe/bandwidth_estimator.hpp"

#include <algorithm>

namespace meet::rtc {

BandwidthEstimator::BandwidthEstimator(const BandwidthEstimatorConfig& config)
    : config_(config),
      history_(config.history_capacity),
      adapter_(history_.capacity()),
      aimd_(config.start_bitrate_bps, config.min_bitrate_bps, config.max_bitrate_bps),
      acknowledged_(history_.capacity()),
      loss_(config.start_bitrate_bps, config.min_bitrate_bps, config.max_bitrate_bps) {
  update_target(0);
}

int64_t BandwidthEstimator::to_us(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

void BandwidthEstimator::update_target(int64_t now_us) {
  target_bps_ = std::clamp(std::min(aimd_.estimate_bps(), loss_.estimate_bps()),
                           config_.min_bitrate_bps, config_.max_bitrate_bps);
  probe_controller_.on_estimate(target_bps_, now_us);
}

void BandwidthEstimator::on_packet_sent(uint16_t transport_seq, size_t size, TimePoint now,
                                        bool is_padding) {
  const int64_t now_us = to_us(now);
  const auto bytes = static_cast<uint32_t>(std::min<size_t>(size, UINT32_MAX));
  history_.record(transport_seq, bytes, now_us, probe_controller_.cluster_at(now_us), is_padding);
}

void BandwidthEstimator::on_transport_feedback(const RtcpTransportFeedback& feedback,
                                               TimePoint now) {
  const int64_t now_us = to_us(now);
  const auto results = adapter_.process(feedback, history_, now_us);
  if (results.empty()) return;

  size_t lost = 0;
  bool overused = false;
  for (const PacketResult& r : results) {
    newest_reported_send_us_ = std::max(newest_reported_send_us_, r.send_time_us);
    if (!r.received) {
      ++lost;
      continue;
    }
    acknowledged_.on_packet(r.arrival_time_us, r.size);
    probe_estimator_.on_packet(r);
    // An overuse anywhere in this feedback counts, even if the last group looks normal.
    overused |=
        trendline_.on_packet(r.send_time_us, r.arrival_time_us) == BandwidthUsage::kOverusing;
  }
  const std::optional<int64_t> acked = acknowledged_.bitrate_bps();
  aimd_.update(overused ? BandwidthUsage::kOverusing : trendline_.state(), acked, rtt_us_, now_us);
  loss_.on_feedback(lost, results.size(), target_bps_, acked, rtt_us_, now_us);
  update_target(now_us);
  finish_probe(now_us);
}

// A probe's result is due once feedback covers a packet sent after the burst (all of it has
// been reported), or after a timeout.
void BandwidthEstimator::finish_probe(int64_t now_us) {
  const auto& probe = probe_controller_.active();
  if (!probe) return;
  const bool covered = newest_reported_send_us_ >= probe_controller_.active_end_us();
  if (!covered && !probe_controller_.timed_out(now_us)) return;
  const std::optional<int64_t> result = probe_estimator_.result_bps(probe->cluster_id);
  // Applied even while overusing: a burst that saturated the link measured its capacity.
  if (result && *result > target_bps_ && !loss_.recently_congested(now_us)) {
    aimd_.set_estimate(*result, now_us);
    loss_.raise_to(*result);
    update_target(now_us);
  }
  probe_controller_.on_result(result, now_us);
}

void BandwidthEstimator::on_rtt(std::chrono::microseconds rtt, TimePoint now) {
  if (rtt.count() > 0) rtt_us_ = rtt.count();
}

bool BandwidthEstimator::should_probe(TimePoint now) const {
  const int64_t now_us = to_us(now);
  ProbeController copy = probe_controller_;
  return copy
      .poll(now_us, target_bps_, config_.max_bitrate_bps, loss_.recently_congested(now_us),
            trendline_.state() == BandwidthUsage::kOverusing)
      .has_value();
}

std::optional<ProbeRequest> BandwidthEstimator::poll_probe(TimePoint now) {
  const int64_t now_us = to_us(now);
  // A probe whose feedback never came (nothing sent after it, feedback lost) is given up here.
  if (probe_controller_.timed_out(now_us)) finish_probe(now_us);
  // Only loss that signals congestion holds probes back: loss_fraction() was passed here as a
  // bool, so any loss at all (one packet of the last twenty) blocked every probe.
  return probe_controller_.poll(now_us, target_bps_, config_.max_bitrate_bps,
                                loss_.recently_congested(now_us),
                                trendline_.state() == BandwidthUsage::kOverusing);
}

BandwidthEstimatorStats BandwidthEstimator::stats() const {
  BandwidthEstimatorStats s;
  s.target_bps = target_bps_;
  s.delay_based_bps = aimd_.estimate_bps();
  s.loss_based_bps = loss_.estimate_bps();
  s.acknowledged_bps = acknowledged_.bitrate_bps();
  s.loss_fraction = loss_.loss_fraction();
  s.usage = trendline_.state();
  s.rtt_us = rtt_us_;
  s.feedbacks = adapter_.counters().feedbacks;
  s.unknown_packets = adapter_.counters().unknown;
  s.duplicate_packets = adapter_.counters().duplicates;
  s.probes_sent = probe_controller_.probes_sent();
  s.probes_succeeded = probe_controller_.probes_succeeded();
  return s;
}

}  // namespace meet::rtc
