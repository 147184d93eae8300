#pragma once
// One RTP stream (one SSRC, with its RTX SSRC) a publisher sends for a track: a track has one,
// or one per simulcast layer. Keeps what the engine needs per stream: the packet cache for
// NACKs, the gaps to ask for, reception statistics for receiver reports (RFC 3550 appendix
// A.3), the publisher's last SR, an outstanding keyframe request, the stream's bitrate and the
// picture size its last keyframe announced. Worker thread only; time from the caller.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include "engine/nack_generator.hpp"
#include "engine/packet_cache.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"

namespace meet::engine {

struct ReceiverReportFields {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int64_t cumulative_lost = 0;
  uint32_t extended_max = 0;
  uint32_t jitter = 0;  // interarrival jitter in RTP timestamp units (RFC 3550 A.8)
  uint32_t last_sr = 0;
  uint32_t delay_since_last_sr = 0;
};

class ReceiveStream {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr auto kKeyframeRetry = std::chrono::milliseconds(300);
  static constexpr auto kRateWindow = std::chrono::milliseconds(500);
  // A layer that sent nothing for this long is off (the publisher stopped it).
  static constexpr auto kIdleAfter = std::chrono::milliseconds(1200);
  // Temporal layers measured apart (VP8 TID 0..2; a TID 3 counts with 2).
  static constexpr size_t kMaxTemporalLayers = 3;
  // Spatial layers of one stream measured apart (VP9 SVC SID 0..2; higher ones count with 2).
  static constexpr size_t kMaxSpatialLayers = 3;

  std::optional<uint32_t> ssrc;
  std::optional<uint32_t> rtx_ssrc;
  // The RTP clock of the stream's codec in Hz (0: unknown, no jitter measured).
  uint32_t clock_rate = 0;

  // Records a media packet (after RTX unwrapping) of temporal layer `temporal_id` and spatial
  // layer `spatial_id` (0 when the codec has none); `cache` for video.
  void on_packet(uint16_t seq, std::span<const uint8_t> bytes, bool cache, uint8_t temporal_id,
                 TimePoint now, uint8_t spatial_id = 0);
  // Interarrival jitter (RFC 3550 6.4.1, appendix A.8): a media packet with RTP timestamp
  // `rtp_timestamp` arrived at `arrival`. Not for retransmissions, whose delay is the repair's.
  void on_arrival(uint32_t rtp_timestamp, TimePoint arrival);
  uint32_t jitter() const { return jitter_q4_ >> 4; }
  void on_keyframe(uint16_t width, uint16_t height);
  // A VP9 SVC keyframe's spatial layer heights (its scalability structure), lowest first.
  void on_spatial_sizes(std::span<const uint16_t> heights);
  void on_sender_report(const rtc::RtcpSenderInfo& sr, TimePoint now);

  // True when a keyframe request for this stream should go out now (none unanswered, or the
  // last one older than kKeyframeRetry); the caller calls keyframe_requested() once it left.
  bool keyframe_request_due(TimePoint now) const;
  void keyframe_requested(TimePoint now) { keyframe_requested_at_ = now; }
  void keyframe_arrived() { keyframe_requested_at_.reset(); }

  NackGenerator& nacks() { return nacks_; }
  const NackGenerator& nacks() const { return nacks_; }
  std::optional<std::span<const uint8_t>> cached(uint16_t seq, TimePoint now) const {
    return cache_.find(seq, now);
  }
  // A report is due once a second after the first packet.
  std::optional<ReceiverReportFields> due_report(TimePoint now);
  // True once per packet given up on since the last call (only a keyframe repairs that).
  bool new_losses();

  // Bits per second over the last rate window; 0 when idle.
  int64_t bitrate_bps(TimePoint now) const;
  // The same for temporal layers 0..`temporal` together (what a subscriber taking up to that
  // layer receives); 0 when idle.
  int64_t bitrate_bps(TimePoint now, size_t temporal) const;
  // Temporal layers seen in the last rate window: 1 when the stream has none (or only its
  // base layer flowed).
  size_t temporal_layers() const { return temporal_layers_; }
  bool active(TimePoint now) const { return seen_ && now - last_packet_at_ < kIdleAfter; }
  // Spatial layers in one stream (VP9 SVC) seen in the last rate window: 1 without.
  size_t spatial_layers() const { return spatial_layers_; }
  // Spatial layers 0..`spatial` with their temporal layers 0..`temporal` together (what a
  // subscriber of an SVC stream taking up to those receives); 0 when idle.
  int64_t svc_bitrate_bps(TimePoint now, size_t spatial, size_t temporal) const;
  // Whether spatial layer `spatial` sent anything within kIdleAfter.
  bool spatial_active(size_t spatial, TimePoint now) const;
  // Height of a spatial layer from the last scalability structure; 0 unknown.
  uint16_t spatial_height(size_t spatial) const {
    return spatial < kMaxSpatialLayers ? spatial_heights_[spatial] : 0;
  }
  uint16_t width() const { return width_; }
  uint16_t height() const { return height_; }

 private:
  void measure_svc(uint64_t window_us);

  PacketCache cache_;
  NackGenerator nacks_;
  std::optional<TimePoint> keyframe_requested_at_;
  uint64_t losses_seen_ = 0;
  TimePoint last_report_{};
  bool seen_ = false;
  TimePoint last_packet_at_{};
  TimePoint window_start_{};
  uint64_t window_bytes_ = 0;
  int64_t bitrate_bps_ = 0;
  std::array<uint64_t, kMaxTemporalLayers> window_temporal_bytes_{};
  std::array<int64_t, kMaxTemporalLayers> temporal_bps_{};  // cumulative: T0, T0+T1, ...
  size_t temporal_layers_ = 1;
  using LayerGrid = std::array<std::array<uint64_t, kMaxTemporalLayers>, kMaxSpatialLayers>;
  LayerGrid window_svc_bytes_{};
  // Cumulative over both: [s][t] = spatial layers 0..s with temporal layers 0..t.
  std::array<std::array<int64_t, kMaxTemporalLayers>, kMaxSpatialLayers> svc_bps_{};
  size_t spatial_layers_ = 1;
  std::array<TimePoint, kMaxSpatialLayers> spatial_seen_at_{};
  std::array<bool, kMaxSpatialLayers> spatial_seen_{};
  std::array<uint16_t, kMaxSpatialLayers> spatial_heights_{};
  uint16_t width_ = 0;
  uint16_t height_ = 0;
  // Reception statistics (RFC 3550 appendix A.3).
  uint16_t base_seq_ = 0;
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;
  uint32_t received_ = 0;
  uint32_t expected_prior_ = 0;
  uint32_t received_prior_ = 0;
  // Interarrival jitter (A.8): the last packet's relative transit time, and the estimate
  // times 16 (A.8's integer form).
  std::optional<uint32_t> transit_;
  uint32_t jitter_q4_ = 0;
  uint32_t last_sr_ntp_ = 0;
  TimePoint last_sr_at_{};
};

}  // namespace meet::engine
