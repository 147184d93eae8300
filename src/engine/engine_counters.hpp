#pragma once
// Packet counters of the media workers, lock-free so the hot path can bump them. One set per
// process; rendered in Prometheus text format by render_prometheus().
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "engine/drop_reason.hpp"

namespace meet::engine {

struct EngineCounters {
  std::array<std::atomic<uint64_t>, static_cast<size_t>(DropReason::kCount)> dropped{};
  std::atomic<uint64_t> packets_in{0}, bytes_in{0}, packets_out{0}, bytes_out{0};
  std::atomic<int64_t> rooms{0}, participants{0}, tracks{0};
  // Feedback the engine sends and answers (each a handful per second per track, not per packet).
  std::atomic<uint64_t> transport_feedback_sent{0}, keyframe_requests_sent{0}, nacks_sent{0},
      retransmissions_sent{0}, active_speaker_changes{0};
  // Video packets a publisher sent twice (RTX it pads or probes with, a repair that came after
  // the original): not forwarded again, not counted in the layer's rate.
  std::atomic<uint64_t> duplicates_dropped{0};
  // Video packets of temporal layers a subscriber's estimate left out (counted per subscriber).
  std::atomic<uint64_t> temporal_packets_dropped{0};
  // Packets of VP9 SVC spatial layers above a subscriber's choice (counted per subscriber).
  std::atomic<uint64_t> spatial_packets_dropped{0};
  // Subscriber connections with a bandwidth estimate, and the sum of their estimates.
  std::atomic<int64_t> subscribers_estimated{0}, subscriber_estimate_bps_sum{0};
  // Subscribed video tracks by the simulcast layer they forward: 0, 1, 2, and none (paused or
  // waiting for a keyframe). Labels stay bounded: layers, not participants.
  std::array<std::atomic<int64_t>, 4> subscriber_layers{};
  // Sums over subscriber connections: loss fraction (parts per million) and round-trip time.
  std::atomic<int64_t> subscriber_loss_ppm_sum{0}, subscriber_rtt_ms_sum{0},
      subscribers_with_rtt{0};
  std::atomic<uint64_t> probes_sent{0};
  // UDP datagrams by how long they waited in the socket before a media thread read them (the
  // kernel's receive stamp to the read): a starved media thread shows here first.
  static constexpr std::array<double, 5> kReadLagBounds = {0.0005, 0.002, 0.01, 0.05, 0.25};
  std::array<std::atomic<uint64_t>, kReadLagBounds.size() + 1> read_lag{};
  std::atomic<uint64_t> read_lag_ns_sum{0};
  void count_read_lag(std::chrono::nanoseconds lag);

  static EngineCounters& instance();
  std::string render_prometheus() const;
};

}  // namespace meet::engine
