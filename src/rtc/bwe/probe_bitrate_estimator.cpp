#include "rtc/bwe/probe_bitrate_estimator.hpp"

namespace meet::rtc {

void ProbeBitrateEstimator::on_packet(const PacketResult& r) {
  if (r.probe_cluster == 0 || !r.received) return;
  if (r.probe_cluster != cluster_ || packets_ == 0) {
    cluster_ = r.probe_cluster;
    packets_ = 1;
    bytes_ = r.size;
    first_send_us_ = last_send_us_ = r.send_time_us;
    first_arrival_us_ = last_arrival_us_ = r.arrival_time_us;
    last_send_size_ = first_arrival_size_ = r.size;
    return;
  }
  ++packets_;
  bytes_ += r.size;
  if (r.send_time_us < first_send_us_) first_send_us_ = r.send_time_us;
  if (r.send_time_us >= last_send_us_) {
    last_send_us_ = r.send_time_us;
    last_send_size_ = r.size;
  }
  if (r.arrival_time_us < first_arrival_us_) {
    first_arrival_us_ = r.arrival_time_us;
    first_arrival_size_ = r.size;
  }
  if (r.arrival_time_us > last_arrival_us_) last_arrival_us_ = r.arrival_time_us;
}

std::optional<int64_t> ProbeBitrateEstimator::result_bps(uint16_t cluster) const {
  if (cluster == 0 || cluster != cluster_ || packets_ < kMinPackets) return std::nullopt;
  const int64_t send_span = last_send_us_ - first_send_us_;
  const int64_t arrival_span = last_arrival_us_ - first_arrival_us_;
  if (send_span < kMinSpanUs || arrival_span < kMinSpanUs) return std::nullopt;
  const double send_bps =
      static_cast<double>(bytes_ - last_send_size_) * 8e6 / static_cast<double>(send_span);
  const double arrival_bps =
      static_cast<double>(bytes_ - first_arrival_size_) * 8e6 / static_cast<double>(arrival_span);
  if (arrival_bps > kMaxReceiveToSendRatio * send_bps) return std::nullopt;
  if (arrival_bps < kSaturatedRatio * send_bps) {
    return static_cast<int64_t>(kSaturatedBackoff * arrival_bps);
  }
  return static_cast<int64_t>(send_bps < arrival_bps ? send_bps : arrival_bps);
}

}  // namespace meet::rtc
