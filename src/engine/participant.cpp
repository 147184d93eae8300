#include "engine/participant.hpp"

#include <random>

#include "common/bytes.hpp"
#include "common/log.hpp"
#include "engine/engine_counters.hpp"
#include "engine/room.hpp"
#include "engine/worker_io.hpp"
#include "rtc/rtcp/rtcp_compound.hpp"
#include "rtc/rtcp/rtcp_fir.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"
#include "rtc/rtcp/rtcp_receiver_report.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtcp/rtcp_transport_feedback.hpp"
#include "rtc/rtp/rtp_header_extensions.hpp"

namespace meet::engine {
namespace {

// Whether two configurations of a track describe the same RTP streams.
bool same_streams(const PublishedTrackConfig& a, const PublishedTrackConfig& b) {
  return a.mid == b.mid && a.ssrcs == b.ssrcs && a.rtx_ssrc == b.rtx_ssrc && a.rids == b.rids;
}

int64_t micros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

Participant::Participant(std::string id, Room& room, WorkerIo& io,
                         std::weak_ptr<ParticipantEvents> events)
    : id_(std::move(id)),
      room_(room),
      io_(io),
      events_(std::move(events)),
      rtcp_ssrc_(std::random_device{}()),
      twcc_(rtcp_ssrc_) {
  io_.counters().participants.fetch_add(1, std::memory_order_relaxed);
}

Participant::~Participant() {
  close();
  // Nobody forwards to or from its tracks any more.
  for (auto& [id, track] : published_) room_.forwarding().remove(*track);
  for (auto& [mid, s] : subscribed_) room_.forwarding().unlink(*s);
  auto& counters = io_.counters();
  counters.participants.fetch_sub(1, std::memory_order_relaxed);
  counters.subscriber_estimate_bps_sum.fetch_sub(reported_estimate_bps_, std::memory_order_relaxed);
  if (reported_estimate_bps_ != 0) {
    counters.subscribers_estimated.fetch_sub(1, std::memory_order_relaxed);
  }
  counters.tracks.fetch_sub(static_cast<int64_t>(published_.size()), std::memory_order_relaxed);
  for (size_t i = 0; i < reported_layers_.size(); ++i) {
    counters.subscriber_layers[i].fetch_sub(reported_layers_[i], std::memory_order_relaxed);
  }
  counters.subscriber_loss_ppm_sum.fetch_sub(reported_loss_ppm_, std::memory_order_relaxed);
  counters.subscriber_rtt_ms_sum.fetch_sub(reported_rtt_ms_, std::memory_order_relaxed);
  if (reported_rtt_ms_ != 0) counters.subscribers_with_rtt.fetch_sub(1, std::memory_order_relaxed);
}

void Participant::report_quality(TimePoint now) {
  if (now - last_quality_report_ < std::chrono::seconds(1)) return;
  last_quality_report_ = now;
  auto& counters = io_.counters();
  std::array<int64_t, 4> layers{};
  count_layers(layers);
  for (size_t i = 0; i < layers.size(); ++i) {
    counters.subscriber_layers[i].fetch_add(layers[i] - reported_layers_[i],
                                            std::memory_order_relaxed);
  }
  reported_layers_ = layers;
  const SubscriberStats s = link_.stats({}, now);
  const auto loss_ppm = static_cast<int64_t>(s.loss_fraction * 1e6);
  counters.subscriber_loss_ppm_sum.fetch_add(loss_ppm - reported_loss_ppm_,
                                             std::memory_order_relaxed);
  reported_loss_ppm_ = loss_ppm;
  counters.subscriber_rtt_ms_sum.fetch_add(s.rtt_ms - reported_rtt_ms_, std::memory_order_relaxed);
  if ((s.rtt_ms == 0) != (reported_rtt_ms_ == 0)) {
    counters.subscribers_with_rtt.fetch_add(s.rtt_ms ? 1 : -1, std::memory_order_relaxed);
  }
  reported_rtt_ms_ = s.rtt_ms;
  counters.probes_sent.fetch_add(s.probes_sent - reported_probes_, std::memory_order_relaxed);
  reported_probes_ = s.probes_sent;
}

std::unique_ptr<WebRtcTransport>& Participant::slot(TransportKind kind) {
  return kind == TransportKind::kPublisher ? publisher_ : subscriber_;
}

void Participant::set_transport(TransportKind kind, const TransportParams& params) {
  auto& s = slot(kind);
  if (s && s->local_ufrag() != params.local_ufrag) {
    // Same DTLS peer with new ICE credentials: an ICE restart keeps DTLS and SRTP.
    io_.unregister_transport(*s);
    if (s->restart_ice(params)) {
      io_.register_transport(*s);
      return;
    }
  }
  if (s) {
    io_.unregister_transport(*s);
    s->close();
    graveyard_.push_back(std::move(s));
  }
  s = std::make_unique<WebRtcTransport>(kind, params, io_, *this);
  io_.register_transport(*s);
}

void Participant::set_published_tracks(std::vector<PublishedTrackConfig> tracks) {
  const auto before = static_cast<int64_t>(published_.size());
  std::unordered_map<std::string, std::unique_ptr<PublisherTrack>> next;
  for (auto& cfg : tracks) {
    auto it = published_.find(cfg.track_id);
    // A track whose streams changed (a restart: a new connection or encoder with new SSRCs)
    // is made afresh; its subscribers move to the new one at Room::relink.
    if (it != published_.end() && same_streams(it->second->config(), cfg)) {
      it->second->set_muted(cfg.muted);
      next.emplace(cfg.track_id, std::move(it->second));
      published_.erase(it);
    } else {
      auto id = cfg.track_id;
      next.emplace(id, std::make_unique<PublisherTrack>(std::move(cfg), *this));
    }
  }
  io_.counters().tracks.fetch_add(static_cast<int64_t>(next.size()) - before,
                                  std::memory_order_relaxed);
  // The rest go: their subscribers are told and unlinked first.
  for (auto& [id, track] : published_) room_.forwarding().remove(*track);
  published_ = std::move(next);
  by_ssrc_.clear();
  by_rtx_ssrc_.clear();
  twcc_extension_id_ = 0;
  for (auto& [id, track] : published_) {
    // One id for the whole BUNDLE transport; every m-line names the same.
    if (track->config().twcc_extension_id) twcc_extension_id_ = track->config().twcc_extension_id;
    // Announced SSRCs, and those a kept track already learnt.
    for (size_t i = 0; i < track->layer_count(); ++i) {
      const ReceiveStream& l = track->layer(i);
      if (l.ssrc) by_ssrc_[*l.ssrc] = LayerRef{track.get(), i};
      if (l.rtx_ssrc) by_rtx_ssrc_[*l.rtx_ssrc] = LayerRef{track.get(), i};
    }
  }
}

void Participant::set_subscriptions(std::vector<SubscriptionConfig> subs, TimePoint now) {
  std::unordered_map<std::string, std::unique_ptr<SubscriberTrack>> next;
  for (auto& cfg : subs) {
    auto it = subscribed_.find(cfg.mid);
    if (it != subscribed_.end() && it->second->config().track_id == cfg.track_id &&
        it->second->config().ssrc == cfg.ssrc) {
      it->second->set_twcc_extension_id(cfg.twcc_extension_id);
      next.emplace(cfg.mid, std::move(it->second));
      subscribed_.erase(it);
    } else {
      auto mid = cfg.mid;
      next.emplace(mid, std::make_unique<SubscriberTrack>(std::move(cfg), *this));
    }
  }
  for (auto& [mid, s] : subscribed_) room_.forwarding().unlink(*s);  // m-lines gone
  subscribed_ = std::move(next);
  subscribed_by_ssrc_.clear();
  for (auto& [mid, s] : subscribed_) subscribed_by_ssrc_[s->ssrc()] = s.get();
  relink(room_, now);
}

void Participant::set_track_muted(const std::string& track_id, bool muted) {
  if (auto* t = find_track(track_id)) t->set_muted(muted);
}

void Participant::set_track_views(const std::vector<TrackView>& views) {
  for (auto& [mid, s] : subscribed_) {
    for (const auto& v : views) {
      if (v.track_id == s->config().track_id) s->set_view(v);
    }
  }
}

void Participant::count_layers(std::array<int64_t, 4>& per_layer) const {
  for (const auto& [mid, s] : subscribed_) {
    if (!s->source() || !s->source()->is_video()) continue;
    const int layer = s->spatial_layer();
    per_layer[layer < 0 ? 3 : std::min(layer, 2)] += 1;
  }
}

PublisherTrack* Participant::find_track(const std::string& track_id) {
  auto it = published_.find(track_id);
  return it == published_.end() ? nullptr : it->second.get();
}

void Participant::relink(Room& room, TimePoint now) {
  for (auto& [mid, s] : subscribed_) {
    if (s->source()) continue;
    if (auto* t = room.find_track(s->config().publisher_id, s->config().track_id)) {
      room.forwarding().link(*t, *s, now);
    }
  }
}

void Participant::tick(TimePoint now) {
  graveyard_.clear();
  for (auto* t : {publisher_.get(), subscriber_.get()}) {
    if (t) t->tick(now);
  }
  for (auto& [id, track] : published_) track->tick(now);
  if (twcc_.due(micros(now))) send_transport_feedback(now);
  if (subscriber_connected()) link_.tick(subscribed_, now);
  // Publish the estimate for /metrics as a change to the process-wide sum.
  const int64_t estimate = subscriber_estimate_bps();
  if (estimate != reported_estimate_bps_) {
    auto& counters = io_.counters();
    counters.subscriber_estimate_bps_sum.fetch_add(estimate - reported_estimate_bps_,
                                                   std::memory_order_relaxed);
    if ((estimate == 0) != (reported_estimate_bps_ == 0)) {
      counters.subscribers_estimated.fetch_add(estimate ? 1 : -1, std::memory_order_relaxed);
    }
    reported_estimate_bps_ = estimate;
  }
  report_quality(now);
}

float Participant::audio_activity(TimePoint now) const {
  float loudest = 0;
  for (const auto& [id, track] : published_) {
    if (!track->is_video()) loudest = std::max(loudest, track->activity(now));
  }
  return loudest;
}

void Participant::set_audio_heard(bool heard, TimePoint now) {
  for (auto& [id, track] : published_) {
    if (!track->is_video()) track->set_heard(heard, now);
  }
}

void Participant::notify_speakers(const std::string& active,
                                  const std::vector<std::string>& speaking) {
  notify([active, speaking](ParticipantEvents& e) { e.on_speakers_changed(active, speaking); });
}

void Participant::close() {
  for (auto* t : {publisher_.get(), subscriber_.get()}) {
    if (!t) continue;
    io_.unregister_transport(*t);
    t->close();
  }
}

void Participant::send_media(std::span<uint8_t> buffer, size_t len) {
  if (subscriber_) subscriber_->send_rtp(buffer, len);
}

bool Participant::send_publisher_rtcp(size_t len) {
  if (!publisher_ || !publisher_->connected() || len == 0) return false;
  publisher_->send_rtcp(rtcp_buf_, len);
  return true;
}

bool Participant::send_pli(uint32_t media_ssrc) {
  auto n = rtc::RtcpPli::write(rtcp_ssrc_, media_ssrc, rtcp_buf_);
  if (!n || !send_publisher_rtcp(n.value())) return false;
  io_.counters().keyframe_requests_sent.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void Participant::send_nack(uint32_t media_ssrc, std::span<const uint16_t> seqs) {
  auto n = rtc::RtcpNack::write(rtcp_ssrc_, media_ssrc, seqs, rtcp_buf_);
  if (n && send_publisher_rtcp(n.value())) {
    io_.counters().nacks_sent.fetch_add(1, std::memory_order_relaxed);
  }
}

void Participant::record_transport_sequence(const rtc::RtpPacket& packet, TimePoint now) {
  if (twcc_extension_id_ == 0) return;
  auto ext = packet.extension(twcc_extension_id_);
  if (!ext || ext->size() < 2) return;
  // When the kernel received it, not when this thread got to it: see net/datagram_reader.hpp.
  twcc_.on_packet(load_be16(*ext, 0), micros(io_.packet_arrival(now)));
  twcc_media_ssrc_ = packet.ssrc();
  // A burst (a keyframe, a probe) is reported at once rather than on the next tick.
  if (twcc_.due(micros(now))) send_transport_feedback(now);
}

void Participant::send_transport_feedback(TimePoint now) {
  if (!publisher_ || !publisher_->connected()) return;
  // Leave room in the buffer for the SRTCP index and tag.
  auto room = std::span(rtcp_buf_).first(rtcp_buf_.size() - 64);
  while (size_t n = twcc_.write(twcc_media_ssrc_, room, micros(now))) {
    publisher_->send_rtcp(rtcp_buf_, n);
    io_.counters().transport_feedback_sent.fetch_add(1, std::memory_order_relaxed);
  }
}

uint16_t Participant::take_transport_sequence(size_t size, TimePoint now, bool padding) {
  return link_.take_sequence(size, now, padding);
}

void Participant::send_receiver_report(const ReceiverReportFields& r) {
  rtc::RtcpReportBlock block;
  block.ssrc = r.ssrc;
  block.fraction_lost = r.fraction_lost;
  block.cumulative_lost = static_cast<int32_t>(
      std::clamp<int64_t>(r.cumulative_lost, rtc::RtcpReportBlock::kMinCumulativeLost,
                          rtc::RtcpReportBlock::kMaxCumulativeLost));
  block.extended_highest_sequence = r.extended_max;
  block.jitter = r.jitter;
  block.last_sr = r.last_sr;
  block.delay_since_last_sr = r.delay_since_last_sr;
  auto n = rtc::RtcpReceiverReport::write(rtcp_ssrc_, std::span(&block, 1), rtcp_buf_);
  if (n) send_publisher_rtcp(n.value());
}

void Participant::send_sender_report(const rtc::RtcpSenderInfo& info) {
  if (!subscriber_ || !subscriber_->connected()) return;
  auto n = rtc::RtcpSenderReport::write(info, {}, rtcp_buf_);
  if (!n) return;
  subscriber_->send_rtcp(rtcp_buf_, n.value());
  link_.on_sender_report_sent(info.ntp_timestamp, io_.now());
}

void Participant::notify(std::function<void(ParticipantEvents&)> fn) {
  io_.post_control([events = events_, fn = std::move(fn)] {
    if (auto e = events.lock()) fn(*e);
  });
}

void Participant::on_transport_connected(WebRtcTransport& t) {
  logger("engine")->info("transport connected participant={} kind={}", id_,
                         t.kind() == TransportKind::kPublisher ? "publisher" : "subscriber");
  if (t.kind() == TransportKind::kSubscriber) {
    // Subscribers start with a keyframe.
    const auto now = io_.now();
    for (auto& [mid, s] : subscribed_) s->restart(now);
  }
  notify([kind = t.kind()](ParticipantEvents& e) { e.on_transport_connected(kind); });
}

void Participant::on_transport_closed(WebRtcTransport& t, TransportFailure why,
                                      std::string_view detail) {
  logger("engine")->info("transport closed participant={} reason={} {}", id_, to_string(why),
                         detail);
  io_.unregister_transport(t);
  notify([kind = t.kind(), why](ParticipantEvents& e) { e.on_transport_failed(kind, why); });
}

void Participant::on_rtp(WebRtcTransport& t, rtc::RtpPacket& packet, TimePoint now) {
  if (t.kind() != TransportKind::kPublisher) {
    io_.count_drop(DropReason::kUnknownSsrc);
    return;
  }
  // Before the SSRC lookup: probes and packets of SSRCs not learnt yet count for the estimate.
  record_transport_sequence(packet, now);
  if (auto it = by_ssrc_.find(packet.ssrc()); it != by_ssrc_.end()) {
    it->second.track->on_rtp(packet, it->second.layer, now);
    return;
  }
  if (auto it = by_rtx_ssrc_.find(packet.ssrc()); it != by_rtx_ssrc_.end()) {
    it->second.track->on_rtx(packet, it->second.layer, now);
    return;
  }
  bool is_rtx = false;
  size_t layer = 0;
  if (auto* track = track_for_unknown_ssrc(packet, is_rtx, layer)) {
    if (is_rtx) {
      by_rtx_ssrc_[packet.ssrc()] = LayerRef{track, layer};
      track->on_rtx(packet, layer, now);
    } else {
      by_ssrc_[packet.ssrc()] = LayerRef{track, layer};
      track->on_rtp(packet, layer, now);
    }
    return;
  }
  io_.count_drop(DropReason::kUnknownSsrc);
}

PublisherTrack* Participant::track_for_unknown_ssrc(const rtc::RtpPacket& packet, bool& is_rtx,
                                                    size_t& layer) {
  // Browsers that announce no a=ssrc (simulcast, Firefox) name the m-line in the mid
  // header extension (RFC 8843 section 15); the payload type tells media from RTX, and with
  // simulcast the rid (media) or repaired-rid (RTX) extension names the layer (RFC 8852).
  for (auto& [id, track] : published_) {
    const auto& cfg = track->config();
    if (cfg.mid_extension_id == 0) continue;
    auto ext = packet.extension(cfg.mid_extension_id);
    if (!ext) continue;
    std::string_view mid(reinterpret_cast<const char*>(ext->data()), ext->size());
    if (mid != cfg.mid) continue;
    is_rtx = false;
    for (const auto& c : cfg.codecs) {
      if (c.rtx_payload_type && *c.rtx_payload_type == packet.payload_type()) is_rtx = true;
    }
    layer = 0;
    if (!cfg.rids.empty()) {
      const uint8_t id = is_rtx ? cfg.repaired_rid_extension_id : cfg.rid_extension_id;
      auto rid = id ? packet.extension(id) : std::nullopt;
      if (!rid) return nullptr;
      const int l = track->layer_of_rid(
          std::string_view(reinterpret_cast<const char*>(rid->data()), rid->size()));
      if (l < 0) return nullptr;
      layer = static_cast<size_t>(l);
    }
    return track->claim_ssrc(packet.ssrc(), is_rtx, layer) ? track.get() : nullptr;
  }
  return nullptr;
}

void Participant::on_rtcp(WebRtcTransport& t, std::span<const uint8_t> compound, TimePoint now) {
  if (t.kind() == TransportKind::kPublisher) {
    on_publisher_rtcp(compound, now);
  } else {
    on_subscriber_rtcp(compound, now);
  }
}

void Participant::on_publisher_rtcp(std::span<const uint8_t> compound, TimePoint now) {
  auto packets = rtc::RtcpCompound::parse(compound);
  if (!packets) {
    io_.count_drop(DropReason::kMalformedRtcp);
    return;
  }
  for (const auto& header : packets.value()) {
    if (header.packet_type() != rtc::kRtcpSenderReport) continue;
    auto sr = rtc::RtcpSenderReport::parse(header);
    if (!sr) continue;
    if (auto it = by_ssrc_.find(sr->sender_ssrc()); it != by_ssrc_.end()) {
      it->second.track->on_sender_report(sr->sender_info(), it->second.layer, now);
    }
  }
}

void Participant::on_subscriber_rtcp(std::span<const uint8_t> compound, TimePoint now) {
  auto packets = rtc::RtcpCompound::parse(compound);
  if (!packets) {
    io_.count_drop(DropReason::kMalformedRtcp);
    return;
  }
  auto find = [this](uint32_t ssrc) -> SubscriberTrack* {
    auto it = subscribed_by_ssrc_.find(ssrc);
    return it == subscribed_by_ssrc_.end() ? nullptr : it->second;
  };
  for (const auto& header : packets.value()) {
    if (header.packet_type() == rtc::kRtcpRtpFeedback && header.count() == rtc::kRtpfbNack) {
      auto nack = rtc::RtcpNack::parse(header);
      if (!nack) continue;
      if (auto* s = find(nack->media_ssrc())) {
        std::array<uint16_t, 256> seqs;
        size_t n = nack->lost_sequence_numbers(seqs);
        s->on_nack(std::span<const uint16_t>(seqs.data(), n), now);
      }
    } else if (header.packet_type() == rtc::kRtcpRtpFeedback &&
               header.count() == rtc::kRtpfbTransportFeedback) {
      auto fb = rtc::RtcpTransportFeedback::parse(header);
      if (!fb) continue;
      link_.on_transport_feedback(fb.value(), now);
    } else if (header.packet_type() == rtc::kRtcpReceiverReport) {
      auto rr = rtc::RtcpReceiverReport::parse(header);
      if (!rr) continue;
      for (size_t i = 0; i < rr->report_count(); ++i)
        link_.on_report_block(rr->report_block(i), now);
    } else if (header.packet_type() == rtc::kRtcpPayloadFeedback &&
               header.count() == rtc::kPsfbPli) {
      auto pli = rtc::RtcpPli::parse(header);
      if (!pli) continue;
      if (auto* s = find(pli->media_ssrc())) s->on_keyframe_request(now);
    } else if (header.packet_type() == rtc::kRtcpPayloadFeedback &&
               header.count() == rtc::kPsfbFir) {
      auto fir = rtc::RtcpFir::parse(header);
      if (!fir) continue;
      for (size_t i = 0; i < fir->entry_count(); ++i) {
        if (auto* s = find(fir->entry(i).ssrc)) s->on_keyframe_request(now);
      }
    }
  }
}

}  // namespace meet::engine
