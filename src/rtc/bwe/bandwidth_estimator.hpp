#pragma once
// Send-side bandwidth estimation for one subscriber connection, in the spirit of Google
// Congestion Control (draft-ietf-rmcat-gcc-02), fed by transport-wide feedback
// (draft-holmer-rmcat-transport-wide-cc-extensions-01):
//   SendHistory              what was sent, by transport-wide sequence number
//   TransportFeedbackAdapter feedback -> per-packet send/arrival times and losses (section 4)
//   TrendlineEstimator       delay gradient -> overuse/normal/underuse (sections 5.1-5.4)
//   AimdRateControl          delay-based estimate A_hat (section 5.5)
//   AcknowledgedBitrate      R_hat, what actually arrived (section 5.5)
//   LossBasedEstimate        loss-based estimate A_s (section 6)
//   ProbeController/ProbeBitrateEstimator  bursts to find room again after a drop
// The target is min(A_hat, A_s) clamped to the configured bounds (section 7).
//
// Pure logic: no clock reads, no threads, no sockets. Every call takes `now` from the caller,
// who owns the estimator and calls it from one thread (the media worker owning the
// connection). Memory is allocated at construction; the per-packet and per-feedback calls do
// not allocate.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "rtc/bwe/acknowledged_bitrate.hpp"
#include "rtc/bwe/aimd_rate_control.hpp"
#include "rtc/bwe/loss_based_estimate.hpp"
#include "rtc/bwe/overuse_detector.hpp"
#include "rtc/bwe/probe_bitrate_estimator.hpp"
#include "rtc/bwe/probe_controller.hpp"
#include "rtc/bwe/send_history.hpp"
#include "rtc/bwe/transport_feedback_adapter.hpp"
#include "rtc/bwe/trendline_estimator.hpp"
#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::rtc {

struct BandwidthEstimatorConfig {
  int64_t start_bitrate_bps = 1'500'000;
  int64_t min_bitrate_bps = 100'000;
  int64_t max_bitrate_bps = 20'000'000;
  // Packets remembered until their feedback (see SendHistory); also bounds one feedback.
  size_t history_capacity = 4096;
};

struct BandwidthEstimatorStats {
  int64_t target_bps = 0;
  int64_t delay_based_bps = 0;
  int64_t loss_based_bps = 0;
  std::optional<int64_t> acknowledged_bps;
  double loss_fraction = 0;  // of the last loss interval
  BandwidthUsage usage = BandwidthUsage::kNormal;
  int64_t rtt_us = 0;
  uint64_t feedbacks = 0;
  uint64_t unknown_packets = 0;    // feedback for packets never sent, forgotten or stale
  uint64_t duplicate_packets = 0;  // feedback repeating what was already known
  uint64_t probes_sent = 0;
  uint64_t probes_succeeded = 0;
};

class BandwidthEstimator {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr std::chrono::microseconds kDefaultRtt{100'000};

  // Asserts min <= start-clamped <= max and min > 0 (config is ours, not the network's).
  explicit BandwidthEstimator(const BandwidthEstimatorConfig& config = {});

  // Every packet sent with the transport-wide sequence number extension, after pacing, as it
  // leaves: `size` is its bytes on the wire (RTP header, payload and padding). `is_padding`
  // marks padding or RTX sent only to probe. Packets sent while a probe (poll_probe) is in
  // progress count toward it, whatever they carry.
  void on_packet_sent(uint16_t transport_seq, size_t size, TimePoint now, bool is_padding = false);

  // A parsed transport-wide feedback packet from the subscriber. Unknown, stale, duplicate
  // and reordered reports are counted and skipped (see stats()).
  void on_transport_feedback(const RtcpTransportFeedback& feedback, TimePoint now);

  // Round-trip time, e.g. from a receiver report (RFC 3550 section 6.4.1). Until the first
  // call kDefaultRtt is assumed. Non-positive values are ignored.
  void on_rtt(std::chrono::microseconds rtt, TimePoint now);

  // The bitrate the connection should send at, in bits per second, now: shared by all of the
  // subscriber's tracks (audio, RTX and padding included).
  int64_t target_bitrate_bps() const { return target_bps_; }

  // Whether poll_probe(now) would return a probe (no side effect).
  bool should_probe(TimePoint now) const;
  // A probe to send now, or nullopt. Returned once; the caller sends about `bytes()` at
  // `target_bps` over `duration_us` (media, then RTX or padding to fill), then carries on at
  // target_bitrate_bps(). If the link takes it, the estimate jumps up when the feedback for
  // the burst arrives; ignoring a request only costs that probe.
  std::optional<ProbeRequest> poll_probe(TimePoint now);

  // What the sender would send with no limit (ProbeController::set_wanted).
  void set_wanted_bitrate(int64_t bps) { probe_controller_.set_wanted(bps); }

  BandwidthEstimatorStats stats() const;

 private:
  static int64_t to_us(TimePoint t);
  void finish_probe(int64_t now_us);
  void update_target(int64_t now_us);

  BandwidthEstimatorConfig config_;
  SendHistory history_;
  TransportFeedbackAdapter adapter_;
  TrendlineEstimator trendline_;
  AimdRateControl aimd_;
  AcknowledgedBitrate acknowledged_;
  LossBasedEstimate loss_;
  ProbeController probe_controller_;
  ProbeBitrateEstimator probe_estimator_;
  int64_t rtt_us_ = kDefaultRtt.count();
  int64_t newest_reported_send_us_ = 0;  // send time of the newest packet feedback covered
  int64_t target_bps_ = 0;
};

}  // namespace meet::rtc
