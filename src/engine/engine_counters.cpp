#include "engine/engine_counters.hpp"

#include <fmt/format.h>

namespace meet::engine {

EngineCounters& EngineCounters::instance() {
  static EngineCounters counters;
  return counters;
}

void EngineCounters::count_read_lag(std::chrono::nanoseconds lag) {
  const double seconds = std::chrono::duration<double>(lag).count();
  size_t i = 0;
  while (i < kReadLagBounds.size() && seconds > kReadLagBounds[i]) ++i;
  read_lag[i].fetch_add(1, std::memory_order_relaxed);
  read_lag_ns_sum.fetch_add(static_cast<uint64_t>(lag.count()), std::memory_order_relaxed);
}

std::string EngineCounters::render_prometheus() const {
  std::string out;
  auto metric = [&out](const char* name, const char* type, const char* help, auto value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
  };
  metric("meet_rooms", "gauge", "Rooms with media on this node", rooms.load());
  metric("meet_participants", "gauge", "Participants with media on this node", participants.load());
  metric("meet_tracks", "gauge", "Published tracks on this node", tracks.load());
  metric("meet_packets_received_total", "counter", "Datagrams received", packets_in.load());
  metric("meet_bytes_received_total", "counter", "Bytes received", bytes_in.load());
  metric("meet_packets_sent_total", "counter", "Datagrams sent", packets_out.load());
  metric("meet_bytes_sent_total", "counter", "Bytes sent", bytes_out.load());
  metric("meet_transport_feedback_sent_total", "counter",
         "Transport-wide congestion control feedback packets sent to publishers",
         transport_feedback_sent.load());
  metric("meet_keyframe_requests_sent_total", "counter", "PLIs sent to publishers",
         keyframe_requests_sent.load());
  metric("meet_nacks_sent_total", "counter", "NACK packets sent to publishers", nacks_sent.load());
  metric("meet_retransmissions_sent_total", "counter",
         "Packets resent to subscribers from the packet cache", retransmissions_sent.load());
  metric("meet_duplicate_packets_dropped_total", "counter",
         "Publisher video packets received a second time (RTX padding) and not forwarded",
         duplicates_dropped.load());
  metric("meet_temporal_packets_dropped_total", "counter",
         "Video packets of temporal layers left out for subscribers whose estimate does not carry "
         "the full frame rate",
         temporal_packets_dropped.load());
  metric("meet_spatial_packets_dropped_total", "counter",
         "Video packets of VP9 SVC spatial layers above what a subscriber's estimate or tile takes",
         spatial_packets_dropped.load());
  metric("meet_active_speaker_changes_total", "counter",
         "Times a room's active speaker or speaking list changed", active_speaker_changes.load());
  metric("meet_subscribers_estimated", "gauge",
         "Subscriber connections whose transport-wide feedback gives a bandwidth estimate",
         subscribers_estimated.load());
  metric("meet_subscriber_estimate_bps_sum", "gauge",
         "Sum of those subscribers' estimated downlink bandwidth, bit/s",
         subscriber_estimate_bps_sum.load());
  metric("meet_subscriber_loss_ppm_sum", "gauge",
         "Sum of subscriber connections' loss fraction, parts per million (divide by "
         "meet_subscribers_estimated)",
         subscriber_loss_ppm_sum.load());
  metric("meet_subscriber_rtt_ms_sum", "gauge",
         "Sum of subscriber connections' round-trip time, ms (divide by meet_subscribers_with_rtt)",
         subscriber_rtt_ms_sum.load());
  metric("meet_subscribers_with_rtt", "gauge",
         "Subscriber connections whose receiver reports gave a round-trip time",
         subscribers_with_rtt.load());
  metric("meet_probes_sent_total", "counter", "Bandwidth probes sent to subscribers",
         probes_sent.load());
  out +=
      "# HELP meet_udp_read_lag_seconds Time UDP datagrams waited in the socket before a media "
      "thread read them\n# TYPE meet_udp_read_lag_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < read_lag.size(); ++i) {
    cumulative += read_lag[i].load();
    const std::string le =
        i < kReadLagBounds.size() ? fmt::format("{}", kReadLagBounds[i]) : "+Inf";
    out += fmt::format("meet_udp_read_lag_seconds_bucket{{le=\"{}\"}} {}\n", le, cumulative);
  }
  out += fmt::format("meet_udp_read_lag_seconds_sum {}\nmeet_udp_read_lag_seconds_count {}\n",
                     static_cast<double>(read_lag_ns_sum.load()) / 1e9, cumulative);
  out += "# HELP meet_subscriber_video_layer Subscribed video tracks by the layer forwarded\n";
  out += "# TYPE meet_subscriber_video_layer gauge\n";
  for (size_t i = 0; i < subscriber_layers.size(); ++i) {
    out +=
        fmt::format("meet_subscriber_video_layer{{layer=\"{}\"}} {}\n",
                    i < 3 ? std::to_string(i) : std::string("none"), subscriber_layers[i].load());
  }
  out += "# HELP meet_packets_dropped_total Packets dropped by cause\n";
  out += "# TYPE meet_packets_dropped_total counter\n";
  for (size_t i = 0; i < dropped.size(); ++i) {
    out += fmt::format("meet_packets_dropped_total{{cause=\"{}\"}} {}\n",
                       to_string(static_cast<DropReason>(i)), dropped[i].load());
  }
  return out;
}

}  // namespace meet::engine
