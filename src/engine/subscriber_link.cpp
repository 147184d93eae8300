#include "engine/subscriber_link.hpp"

#include <algorithm>
#include <vector>

#include "engine/layer_allocator.hpp"
#include "engine/publisher_track.hpp"
#include "engine/subscriber_track.hpp"

namespace meet::engine {
namespace {

constexpr auto kTick = std::chrono::milliseconds(20);  // the media worker's
constexpr int64_t kAudioBps = 40'000;                  // Opus as browsers send it, with headers
constexpr int64_t kStartBitrateBps = 300'000;

int64_t micros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

}  // namespace

uint16_t SubscriberLink::take_sequence(size_t size, TimePoint now, bool padding) {
  if (!bwe_) {
    rtc::BandwidthEstimatorConfig config;
    config.history_capacity = 2048;  // about 2 s at 1000 packets/s
    // Start low, as browsers do, and let probes find the room: starting high would send a
    // subscriber on a slow link layers it cannot take until its feedback says so.
    config.start_bitrate_bps = kStartBitrateBps;
    bwe_ = std::make_unique<rtc::BandwidthEstimator>(config);
  }
  const uint16_t seq = next_seq_++;
  bwe_->on_packet_sent(seq, size, now, padding);
  return seq;
}

void SubscriberLink::on_transport_feedback(const rtc::RtcpTransportFeedback& fb, TimePoint now) {
  if (!bwe_) return;
  bwe_->on_transport_feedback(fb, now);
  has_feedback_ = true;
}

void SubscriberLink::on_sender_report_sent(uint64_t ntp, TimePoint now) {
  sr_sent_[sr_next_] = {rtc::RtcpReportBlock::compact_ntp(ntp), now};
  sr_next_ = (sr_next_ + 1) % sr_sent_.size();
}

void SubscriberLink::on_report_block(const rtc::RtcpReportBlock& block, TimePoint now) {
  if (block.last_sr == 0) return;
  for (const auto& [ntp, at] : sr_sent_) {
    if (ntp != block.last_sr || at == TimePoint{}) continue;
    // RTT = now - LSR - DLSR, with LSR read as the time we sent that SR (RFC 3550 6.4.1).
    const int64_t dlsr_us = int64_t{block.delay_since_last_sr} * 1'000'000 / 65536;
    // On loopback the RTT rounds to nothing: count it as 1 ms so "measured" stays visible.
    const int64_t rtt_us = std::max<int64_t>(micros(now - at) - dlsr_us, 1000);
    rtt_ms_ = rtt_us / 1000;
    if (bwe_) bwe_->on_rtt(std::chrono::microseconds(rtt_us), now);
    return;
  }
}

void SubscriberLink::tick(Tracks& tracks, TimePoint now) {
  if (now - last_allocation_ >= kAllocateInterval) {
    last_allocation_ = now;
    allocate(tracks, now);
  }
  if (bwe_ && has_feedback_) send_probe(tracks, now);
}

void SubscriberLink::allocate(Tracks& tracks, TimePoint now) {
  // Scratch reused by every subscriber of this worker thread: no allocation once grown.
  thread_local std::vector<SubscriberTrack*> order;
  thread_local std::vector<AllocationRequest> requests;
  thread_local std::vector<LayerChoice> layers;
  thread_local std::vector<LayerChoice> wanted;
  thread_local std::vector<size_t> scratch;
  order.clear();
  requests.clear();
  for (auto& [mid, t] : tracks) {
    PublisherTrack* source = t->source();
    if (!source) continue;
    AllocationRequest r;
    r.video = source->is_video();
    r.screen = source->is_screen();
    r.visible = t->view().visible;
    r.view_width = t->view().width;
    r.view_height = t->view().height;
    r.current_layer = t->spatial_layer();
    r.current_temporal = t->temporal_layer();
    r.audio_bps = r.video || source->muted() ? 0 : kAudioBps;
    if (r.video) {
      r.layer_count = static_cast<uint8_t>(std::min(source->selectable_layers(), r.layers.size()));
      for (size_t i = 0; i < r.layer_count; ++i) r.layers[i] = source->layer_option(i, now);
    }
    order.push_back(t.get());
    requests.push_back(r);
  }
  layers.resize(requests.size());
  wanted.resize(requests.size());
  // Before the first feedback the estimator's start value; without transport-wide feedback
  // negotiated there is no estimate at all, and every track gets what its tile asks for.
  const int64_t budget = bwe_ ? bwe_->target_bitrate_bps() : 0;
  LayerAllocator::allocate(budget, requests, layers, scratch);
  if (bwe_) {
    // What the tiles would take with no limit: probes keep coming while that is more.
    LayerAllocator::allocate(0, requests, wanted, scratch);
    int64_t wanted_bps = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
      if (!requests[i].video) wanted_bps += requests[i].audio_bps;
      if (requests[i].video && wanted[i].spatial >= 0) {
        wanted_bps += requests[i].layers[static_cast<size_t>(wanted[i].spatial)].bitrate_bps;
      }
    }
    bwe_->set_wanted_bitrate(wanted_bps);
  }
  for (size_t i = 0; i < order.size(); ++i) {
    // A track whose publisher sends nothing yet keeps its target.
    if (requests[i].video && layers[i].spatial < 0 && requests[i].visible) continue;
    order[i]->set_target_layer(layers[i], now);
  }
}

void SubscriberLink::send_probe(Tracks& tracks, TimePoint now) {
  if (!probe_) {
    probe_ = bwe_->poll_probe(now);
    if (!probe_) return;
    probe_start_ = now;
    probe_sent_ = 0;
  }
  const int64_t elapsed_us = micros(now - probe_start_) + micros(kTick);
  if (micros(now - probe_start_) >= probe_->duration_us) {
    probe_.reset();
    return;
  }
  const int64_t due = probe_->target_bps * std::min(elapsed_us, probe_->duration_us) / 8'000'000;
  if (due <= probe_sent_) return;
  // Padding rides on the RTX stream of a video track that is flowing.
  for (auto& [mid, t] : tracks) {
    if (!t->source() || !t->source()->is_video() || t->layer() < 0) continue;
    const size_t sent = t->send_padding(static_cast<size_t>(due - probe_sent_), now);
    if (sent == 0) continue;
    probe_sent_ += static_cast<int64_t>(sent);
    return;
  }
}

SubscriberStats SubscriberLink::stats(const Tracks& tracks, TimePoint now) const {
  SubscriberStats s;
  s.estimate_bps = estimate_bps();
  if (bwe_) {
    const auto b = bwe_->stats();
    s.loss_fraction = b.loss_fraction;
    s.probes_sent = b.probes_sent;
    s.probes_succeeded = b.probes_succeeded;
  }
  s.rtt_ms = rtt_ms_.value_or(0);
  for (const auto& [mid, t] : tracks) {
    SubscriberTrackStats ts;
    ts.track_id = t->config().track_id;
    ts.kind = t->source() && t->source()->is_video() ? "video" : "audio";
    if (!t->source()) ts.kind = "";
    ts.layer = t->spatial_layer();
    ts.target_layer = t->spatial_target_layer();
    ts.temporal_layer = ts.layer >= 0 ? t->temporal_layer_shown() : -1;
    ts.target_temporal_layer = ts.target_layer >= 0 ? t->target_temporal_layer_shown() : -1;
    ts.paused = t->target_layer() < 0;
    ts.packets_sent = t->packets_sent();
    ts.view = TrackView{{}, t->view().visible, t->view().width, t->view().height};
    if (const PublisherTrack* source = t->source(); source && source->is_video()) {
      for (size_t i = 0; i < source->selectable_layers(); ++i) {
        const LayerOption o = source->layer_option(i, now);
        ts.layers.push_back({o.height, o.active});
      }
    }
    s.tracks.push_back(std::move(ts));
  }
  return s;
}

}  // namespace meet::engine
