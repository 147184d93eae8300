#include "engine/receive_stream.hpp"

#include <algorithm>

#include "rtc/rtcp/rtcp_report_block.hpp"

namespace meet::engine {
namespace {

constexpr auto kReportInterval = std::chrono::seconds(1);

}  // namespace

void ReceiveStream::on_packet(uint16_t seq, std::span<const uint8_t> bytes, bool cache,
                              uint8_t temporal_id, TimePoint now, uint8_t spatial_id) {
  if (!seen_) {
    seen_ = true;
    base_seq_ = max_seq_ = seq;
    received_ = 1;
    window_start_ = now;
  } else {
    ++received_;
    const auto delta = static_cast<uint16_t>(seq - max_seq_);
    if (delta != 0 && delta < 0x8000) {
      if (seq < max_seq_) ++cycles_;
      max_seq_ = seq;
    }
  }
  if (now - last_packet_at_ >= kIdleAfter) {
    // Back from a pause: the old window would dilute the rate.
    window_start_ = now;
    window_bytes_ = 0;
    window_temporal_bytes_ = {};
    window_svc_bytes_ = {};
  }
  last_packet_at_ = now;
  const size_t sid = std::min<size_t>(spatial_id, kMaxSpatialLayers - 1);
  const size_t tid = std::min<size_t>(temporal_id, kMaxTemporalLayers - 1);
  spatial_seen_at_[sid] = now;
  spatial_seen_[sid] = true;
  window_svc_bytes_[sid][tid] += bytes.size();
  nacks_.on_packet(seq, now);
  if (cache) cache_.store(seq, bytes, now);
  window_bytes_ += bytes.size();
  window_temporal_bytes_[std::min<size_t>(temporal_id, kMaxTemporalLayers - 1)] += bytes.size();
  const auto span = now - window_start_;
  if (span >= kRateWindow) {
    const auto us =
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(span).count());
    bitrate_bps_ = static_cast<int64_t>(window_bytes_ * 8'000'000 / us);
    uint64_t cumulative = 0;
    temporal_layers_ = 1;
    for (size_t t = 0; t < kMaxTemporalLayers; ++t) {
      cumulative += window_temporal_bytes_[t];
      temporal_bps_[t] = static_cast<int64_t>(cumulative * 8'000'000 / us);
      if (window_temporal_bytes_[t] != 0) temporal_layers_ = t + 1;
    }
    measure_svc(us);
    window_start_ = now;
    window_bytes_ = 0;
    window_temporal_bytes_ = {};
    window_svc_bytes_ = {};
  }
}

void ReceiveStream::measure_svc(uint64_t us) {
  spatial_layers_ = 1;
  for (size_t s = 0; s < kMaxSpatialLayers; ++s) {
    for (size_t t = 0; t < kMaxTemporalLayers; ++t) {
      uint64_t bytes = 0;
      for (size_t s2 = 0; s2 <= s; ++s2) {
        for (size_t t2 = 0; t2 <= t; ++t2) bytes += window_svc_bytes_[s2][t2];
      }
      svc_bps_[s][t] = static_cast<int64_t>(bytes * 8'000'000 / us);
      if (window_svc_bytes_[s][t] != 0) spatial_layers_ = std::max(spatial_layers_, s + 1);
    }
  }
}

void ReceiveStream::on_spatial_sizes(std::span<const uint16_t> heights) {
  for (size_t i = 0; i < kMaxSpatialLayers; ++i) {
    spatial_heights_[i] = i < heights.size() ? heights[i] : 0;
  }
}

int64_t ReceiveStream::svc_bitrate_bps(TimePoint now, size_t spatial, size_t temporal) const {
  if (!active(now)) return 0;
  spatial = std::min(spatial, kMaxSpatialLayers - 1);
  temporal = std::min(temporal, kMaxTemporalLayers - 1);
  return svc_bps_[spatial][temporal];
}

bool ReceiveStream::spatial_active(size_t spatial, TimePoint now) const {
  return active(now) && spatial < kMaxSpatialLayers && spatial_seen_[spatial] &&
         now - spatial_seen_at_[spatial] < kIdleAfter;
}

void ReceiveStream::on_arrival(uint32_t rtp_timestamp, TimePoint arrival) {
  if (clock_rate == 0) return;
  // The arrival time in RTP timestamp units; only differences matter, so its wrap does too.
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(arrival.time_since_epoch());
  const auto units =
      static_cast<uint32_t>(static_cast<uint64_t>(us.count()) * clock_rate / 1'000'000);
  const uint32_t transit = units - rtp_timestamp;
  if (transit_) {
    const auto d = static_cast<int32_t>(transit - *transit_);
    const auto abs_d = static_cast<uint32_t>(d < 0 ? -int64_t{d} : int64_t{d});
    // J(i) = J(i-1) + (|D(i-1,i)| - J(i-1)) / 16, kept times 16.
    jitter_q4_ += abs_d - ((jitter_q4_ + 8) >> 4);
  }
  transit_ = transit;
}

void ReceiveStream::on_keyframe(uint16_t width, uint16_t height) {
  width_ = width;
  height_ = height;
}

void ReceiveStream::on_sender_report(const rtc::RtcpSenderInfo& sr, TimePoint now) {
  last_sr_ntp_ = rtc::RtcpReportBlock::compact_ntp(sr.ntp_timestamp);
  last_sr_at_ = now;
}

bool ReceiveStream::keyframe_request_due(TimePoint now) const {
  return !keyframe_requested_at_ || now - *keyframe_requested_at_ >= kKeyframeRetry;
}

std::optional<ReceiverReportFields> ReceiveStream::due_report(TimePoint now) {
  if (!seen_ || !ssrc || now - last_report_ < kReportInterval) return std::nullopt;
  last_report_ = now;
  // RFC 3550 6.4.1 and appendix A.3.
  ReceiverReportFields r;
  r.ssrc = *ssrc;
  r.extended_max = (cycles_ << 16) | max_seq_;
  const uint32_t expected = r.extended_max - base_seq_ + 1;
  const uint32_t expected_interval = expected - expected_prior_;
  const uint32_t received_interval = received_ - received_prior_;
  expected_prior_ = expected;
  received_prior_ = received_;
  const int64_t lost_interval = int64_t{expected_interval} - received_interval;
  if (expected_interval != 0 && lost_interval > 0) {
    r.fraction_lost = static_cast<uint8_t>((lost_interval << 8) / expected_interval);
  }
  r.cumulative_lost = int64_t{expected} - received_;
  r.jitter = jitter();
  r.last_sr = last_sr_ntp_;
  if (last_sr_ntp_ != 0) {
    auto since = std::chrono::duration_cast<std::chrono::microseconds>(now - last_sr_at_);
    r.delay_since_last_sr = static_cast<uint32_t>(since.count() * 65536 / 1000000);
  }
  return r;
}

bool ReceiveStream::new_losses() {
  if (nacks_.lost_for_good() == losses_seen_) return false;
  losses_seen_ = nacks_.lost_for_good();
  return true;
}

int64_t ReceiveStream::bitrate_bps(TimePoint now) const {
  return active(now) ? bitrate_bps_ : 0;
}

int64_t ReceiveStream::bitrate_bps(TimePoint now, size_t temporal) const {
  if (!active(now)) return 0;
  return temporal + 1 >= temporal_layers_ ? bitrate_bps_ : temporal_bps_[temporal];
}

}  // namespace meet::engine
