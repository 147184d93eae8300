#pragma once
// The bandwidth side of one participant's subscriber connection: transport-wide sequence
// numbers on everything sent, the send-side estimate from the subscriber's feedback, probes
// (padding-only RTX bursts) that let the estimate climb back after a drop, the round-trip time
// from receiver reports, and the share-out of the estimate among the subscribed tracks
// (LayerAllocator) a few times a second. Worker thread only; time from the caller.
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/engine_types.hpp"
#include "rtc/bwe/bandwidth_estimator.hpp"
#include "rtc/rtcp/rtcp_report_block.hpp"
#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::engine {

class SubscriberTrack;
using TimePoint = std::chrono::steady_clock::time_point;

class SubscriberLink {
 public:
  using Tracks = std::unordered_map<std::string, std::unique_ptr<SubscriberTrack>>;
  static constexpr auto kAllocateInterval = std::chrono::milliseconds(200);

  // The next transport-wide sequence number, recorded as sent now with `size` bytes.
  uint16_t take_sequence(size_t size, TimePoint now, bool padding);
  void on_transport_feedback(const rtc::RtcpTransportFeedback& fb, TimePoint now);
  // We sent an SR whose NTP timestamp was `ntp` (RFC 3550 6.4.1): remembered to turn the LSR
  // and DLSR of the subscriber's next receiver report into a round-trip time.
  void on_sender_report_sent(uint64_t ntp, TimePoint now);
  void on_report_block(const rtc::RtcpReportBlock& block, TimePoint now);

  // Picks each track's layer (every kAllocateInterval) and sends the padding a probe needs.
  void tick(Tracks& tracks, TimePoint now);

  // The estimate once feedback arrived (0 before).
  int64_t estimate_bps() const { return bwe_ && has_feedback_ ? bwe_->target_bitrate_bps() : 0; }
  SubscriberStats stats(const Tracks& tracks, TimePoint now) const;

 private:
  void allocate(Tracks& tracks, TimePoint now);
  void send_probe(Tracks& tracks, TimePoint now);

  uint16_t next_seq_ = 0;
  // Made on the first packet that carries a sequence number (most participants subscribe,
  // some do not negotiate it).
  std::unique_ptr<rtc::BandwidthEstimator> bwe_;
  bool has_feedback_ = false;
  TimePoint last_allocation_{};
  // The probe being sent: its request, when it started, the bytes sent for it.
  std::optional<rtc::ProbeRequest> probe_;
  TimePoint probe_start_{};
  int64_t probe_sent_ = 0;
  // Our recent SRs: compact NTP time -> when it left.
  std::array<std::pair<uint32_t, TimePoint>, 8> sr_sent_{};
  size_t sr_next_ = 0;
  std::optional<int64_t> rtt_ms_;
};

}  // namespace meet::engine
