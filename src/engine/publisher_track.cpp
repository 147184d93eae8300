#include "engine/publisher_track.hpp"

#include <algorithm>

#include "engine/engine_counters.hpp"
#include "engine/participant.hpp"
#include "engine/recording_tap.hpp"
#include "engine/room.hpp"
#include "engine/subscriber_track.hpp"
#include "engine/worker_io.hpp"
#include "rtc/codecs/frame_info.hpp"
#include "rtc/codecs/h264_sps.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"
#include "rtc/rtp/rtp_header_extensions.hpp"
#include "rtc/rtp/rtx.hpp"

namespace meet::engine {

PublisherTrack::PublisherTrack(PublishedTrackConfig config, Participant& owner)
    : config_(std::move(config)),
      owner_(owner),
      codec_(config_.codecs.empty() ? rtc::Codec::kUnknown
                                    : rtc::codec_from_name(config_.codecs.front().name)) {
  // One layer per accepted rid, else one per announced SSRC (an a=ssrc-group:SIM offer lists
  // them lowest first), else one stream.
  size_t n = config_.rids.empty() ? config_.ssrcs.size() : config_.rids.size();
  n = std::clamp<size_t>(n, 1, kMaxLayers);
  for (size_t i = 0; i < n; ++i) {
    layers_.push_back(std::make_unique<ReceiveStream>());
    if (!config_.codecs.empty()) layers_.back()->clock_rate = config_.codecs.front().clock_rate;
  }
  if (config_.rids.empty()) {
    for (size_t i = 0; i < n && i < config_.ssrcs.size(); ++i) layers_[i]->ssrc = config_.ssrcs[i];
    layers_.front()->rtx_ssrc = config_.rtx_ssrc;
  }
}

PublisherTrack::~PublisherTrack() = default;

std::span<SubscriberTrack* const> PublisherTrack::subscribers() const {
  return owner_.room().forwarding().subscribers(*this);
}

int PublisherTrack::layer_of_rid(std::string_view rid) const {
  for (size_t i = 0; i < config_.rids.size() && i < layers_.size(); ++i) {
    if (config_.rids[i] == rid) return static_cast<int>(i);
  }
  return -1;
}

bool PublisherTrack::claim_ssrc(uint32_t ssrc, bool rtx, size_t layer) {
  if (layer >= layers_.size()) return false;
  auto& slot = rtx ? layers_[layer]->rtx_ssrc : layers_[layer]->ssrc;
  if (!slot) slot = ssrc;
  return *slot == ssrc;
}

void PublisherTrack::on_rtp(rtc::RtpPacket& packet, size_t layer, TimePoint now) {
  receive(packet, layer, now, false);
}

void PublisherTrack::receive(rtc::RtpPacket& packet, size_t layer, TimePoint now, bool repair) {
  if (layer >= layers_.size()) return;
  ReceiveStream& stream = *layers_[layer];
  if (!stream.ssrc) stream.ssrc = packet.ssrc();
  // Browsers pad and probe with RTX copies of packets sent a moment ago: forwarded again they
  // would cost every subscriber that bandwidth (a slow link's whole headroom) for nothing.
  if (is_video() && stream.cached(packet.sequence_number(), now)) {
    owner_.io().counters().duplicates_dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (!repair) stream.on_arrival(packet.timestamp(), owner_.io().packet_arrival(now));
  // One read of the payload descriptor serves every subscriber.
  const rtc::FrameInfo info =
      is_video() ? rtc::frame_info(codec_, packet.payload()) : rtc::FrameInfo{};
  stream.on_packet(packet.sequence_number(), packet.bytes(), is_video(), info.temporal_id, now,
                   info.spatial_id);
  if (info.spatial_id > 0 && layers_.size() == 1) svc_ = true;
  if (is_video()) {
    if (info.keyframe) {
      stream.keyframe_arrived();
      if (codec_ == rtc::Codec::kVp8) {
        if (auto size = rtc::vp8_keyframe_size(packet.payload())) {
          stream.on_keyframe(size->width, size->height);
        }
      } else if (codec_ == rtc::Codec::kH264) {
        if (auto size = rtc::h264_keyframe_size(packet.payload())) {
          stream.on_keyframe(size->width, size->height);
        }
      }
    }
    if (info.sizes > 0) {  // a VP9 scalability structure: the sizes of its spatial layers
      stream.on_spatial_sizes(std::span<const uint16_t>(info.heights, info.sizes));
      stream.on_keyframe(stream.width(), info.heights[info.sizes - 1]);
    }
  } else if (config_.audio_level_extension_id != 0) {
    if (auto level = rtc::read_audio_level(packet, config_.audio_level_extension_id)) {
      activity_.on_level(level->level, now);
    }
  }
  if (config_.muted) return;
  if (auto* tap = owner_.room().recording_tap()) {
    record(*tap, packet, layer, now);
  } else {
    recording_.reset();
  }
  if (!heard_) return;
  for (auto* s : subscribers()) s->forward(packet, static_cast<int>(layer), info, now);
}

size_t PublisherTrack::selectable_layers() const {
  if (!svc_) return layers_.size();
  return std::min(layers_.front()->spatial_layers(), kMaxLayers);
}

LayerOption PublisherTrack::layer_option(size_t i, TimePoint now) const {
  LayerOption o;
  if (!svc_) {
    const ReceiveStream& l = *layers_[i];
    o = LayerOption{l.bitrate_bps(now), l.height(), l.active(now)};
    o.temporal_layers = static_cast<uint8_t>(std::min(l.temporal_layers(), o.temporal_bps.size()));
    for (size_t t = 0; t < o.temporal_layers; ++t) o.temporal_bps[t] = l.bitrate_bps(now, t);
    return o;
  }
  // An SVC subscriber of spatial layer i receives layers 0..i.
  const ReceiveStream& l = *layers_.front();
  const size_t top = ReceiveStream::kMaxTemporalLayers - 1;
  o = LayerOption{l.svc_bitrate_bps(now, i, top), l.spatial_height(i), l.spatial_active(i, now)};
  o.temporal_layers = static_cast<uint8_t>(std::min(l.temporal_layers(), o.temporal_bps.size()));
  for (size_t t = 0; t < o.temporal_layers; ++t) o.temporal_bps[t] = l.svc_bitrate_bps(now, i, t);
  return o;
}

void PublisherTrack::on_rtx(rtc::RtpPacket& packet, size_t layer, TimePoint now) {
  if (layer >= layers_.size() || !layers_[layer]->ssrc || config_.codecs.empty()) return;
  // RTX payload type -> the codec it repairs (a=fmtp:<rtx> apt=<pt>).
  uint8_t original_pt = config_.codecs.front().payload_type;
  for (const auto& c : config_.codecs) {
    if (c.rtx_payload_type == packet.payload_type()) original_pt = c.payload_type;
  }
  auto original = rtc::unwrap_rtx(packet, *layers_[layer]->ssrc, original_pt);
  if (!original) return;  // padding-only probe
  receive(original.value(), layer, now, true);
}

void PublisherTrack::on_sender_report(const rtc::RtcpSenderInfo& sr, size_t layer, TimePoint now) {
  if (layer >= layers_.size()) return;
  layers_[layer]->on_sender_report(sr, now);
  if (auto* tap = owner_.room().recording_tap(); tap && recording_) {
    if (auto out = recording_->sender_report(sr, static_cast<int>(layer))) {
      tap->on_sender_report(*this, *out);
    }
  }
  if (config_.muted) return;
  for (auto* s : subscribers()) s->on_source_sender_report(sr, static_cast<int>(layer));
}

void PublisherTrack::request_keyframe(size_t layer, TimePoint now) {
  if (!is_video() || layer >= layers_.size()) return;
  ReceiveStream& stream = *layers_[layer];
  if (!stream.ssrc || !stream.keyframe_request_due(now)) return;
  // Only a PLI that left counts as asked, so a request before the publisher connects is not
  // lost.
  if (owner_.send_pli(*stream.ssrc)) stream.keyframe_requested(now);
}

void PublisherTrack::record(RecordingTap& tap, const rtc::RtpPacket& packet, size_t layer,
                            TimePoint now) {
  if (!recording_) recording_.emplace(codec_);
  const int wanted = best_active_layer(static_cast<int>(layer), now);
  auto copy = recording_->take(packet, static_cast<int>(layer), wanted, now, owner_.io().scratch());
  if (copy) {
    tap.on_rtp(*this, *copy, now);
  } else if (recording_->keyframe_wanted()) {
    request_keyframe(static_cast<size_t>(wanted), now);
  }
}

int PublisherTrack::best_active_layer(int fallback, TimePoint now) const {
  for (size_t i = layers_.size(); i-- > 0;) {
    if (layers_[i]->active(now)) return static_cast<int>(i);
  }
  return fallback;
}

void PublisherTrack::request_recording_keyframe(TimePoint now) {
  const int layer = recording_ && recording_->layer() >= 0
                        ? recording_->layer()
                        : best_active_layer(static_cast<int>(layers_.size()) - 1, now);
  request_keyframe(static_cast<size_t>(layer), now);
}

void PublisherTrack::set_muted(bool muted) {
  if (config_.muted == muted) return;
  config_.muted = muted;
  if (!muted) {
    const auto now = owner_.io().now();
    for (auto* s : subscribers()) s->restart(now);
  }
}

void PublisherTrack::set_heard(bool heard, TimePoint now) {
  if (heard_ == heard) return;
  heard_ = heard;
  if (heard) {
    for (auto* s : subscribers()) s->restart(now);
  }
}

void PublisherTrack::tick(TimePoint now) {
  for (size_t i = 0; i < layers_.size(); ++i) {
    ReceiveStream& stream = *layers_[i];
    if (!stream.ssrc) continue;
    if (is_video()) {
      std::array<uint16_t, 64> due;
      size_t n = stream.nacks().due(now, due);
      if (n > 0) owner_.send_nack(*stream.ssrc, std::span<const uint16_t>(due.data(), n));
      // A packet given up on leaves a hole every subscriber's decoder of this layer is stuck
      // at.
      if (stream.new_losses()) {
        const auto subs = subscribers();
        const bool forwarded = std::any_of(
            subs.begin(), subs.end(), [&](SubscriberTrack* s) { return s->layer() == int(i); });
        if (forwarded) request_keyframe(i, now);
      }
    }
    if (auto r = stream.due_report(now)) {
      owner_.send_receiver_report(*r);
    }
  }
}

std::optional<std::span<const uint8_t>> PublisherTrack::cached(uint16_t seq, size_t layer,
                                                               TimePoint now) const {
  if (layer >= layers_.size()) return std::nullopt;
  return layers_[layer]->cached(seq, now);
}

}  // namespace meet::engine
