#include "engine/subscriber_track.hpp"

#include <algorithm>
#include <random>

#include "common/bytes.hpp"
#include "engine/engine_counters.hpp"
#include "engine/participant.hpp"
#include "engine/publisher_track.hpp"
#include "engine/worker_io.hpp"
#include "rtc/codecs/keyframe.hpp"
#include "rtc/rtp/rtx.hpp"

namespace meet::engine {
namespace {

constexpr size_t kTransportSequenceExtensionSize = 8;
constexpr size_t kSrtpOverhead = 32;  // room kept for the SRTP tag
constexpr size_t kMaxPadding = 255;   // RFC 3550 5.1: the last octet counts the padding

uint32_t random32() {
  std::random_device rd;
  return rd();
}

}  // namespace

SubscriberTrack::SubscriberTrack(SubscriptionConfig config, Participant& owner)
    : config_(std::move(config)),
      owner_(owner),
      rewriter_(rtc::codec_from_name(config_.codec.name), random32(),
                static_cast<uint16_t>(random32())) {
  for (size_t pt = 0; pt < payload_type_map_.size(); ++pt) {
    payload_type_map_[pt] = static_cast<uint8_t>(pt);
  }
  rtx_seq_ = static_cast<uint16_t>(random32());
  if (config_.view) view_ = *config_.view;
}

SubscriberTrack::~SubscriberTrack() = default;

void SubscriberTrack::attach(PublisherTrack* source, TimePoint now) {
  if (source_ == source) return;
  source_ = source;
  if (!source_) return;
  rewriter_.new_source();
  // The publisher may send any of its negotiated codecs; this m-line offered the same numbers.
  for (const auto& codec : source_->config().codecs) {
    payload_type_map_[codec.payload_type & 0x7f] = codec.payload_type;
  }
  // Until the allocator speaks (within SubscriberLink::kAllocateInterval): the lowest layer,
  // whose keyframe is the smallest and quickest to come, so the first picture comes soon.
  switcher_ = LayerSwitcher{};  // targets layer 0
  spatial_ = SpatialFilter{};   // an SVC stream: every spatial layer until the allocator speaks
  choice_ = LayerChoice{0, LayerChoice::kAllTemporal};
  restart(now);
}

void SubscriberTrack::restart(TimePoint now) {
  rewriter_.stop();
  request_keyframe(switcher_.restart(now), now);
}

void SubscriberTrack::request_keyframe(int layer, TimePoint now) {
  // Before the subscriber's DTLS completes a keyframe would be wasted: the connection
  // restarts every track again then (Participant::on_transport_connected).
  if (source_ && source_->is_video() && layer >= 0 && owner_.subscriber_connected()) {
    source_->request_keyframe(static_cast<size_t>(layer), now);
  }
}

bool SubscriberTrack::svc() const {
  return source_ && source_->svc();
}

int SubscriberTrack::spatial_layer() const {
  if (!svc() || layer() < 0) return layer();
  return std::min(spatial_.current(), static_cast<int>(source_->selectable_layers()) - 1);
}

int SubscriberTrack::spatial_target_layer() const {
  return svc() && target_layer() >= 0 ? choice_.spatial : target_layer();
}

void SubscriberTrack::set_target_layer(LayerChoice choice, TimePoint now) {
  if (!source_ || !source_->is_video()) return;
  choice_ = choice;
  if (svc()) {
    // One stream: the switcher keeps it flowing (or paused); the spatial filter picks layers.
    if (choice.spatial >= 0) spatial_.set_target(choice.spatial);
    request_keyframe(switcher_.set_target(choice.spatial < 0 ? -1 : 0, now), now);
    if (switcher_.current() < 0) rewriter_.stop();
    return;
  }
  request_keyframe(switcher_.set_target(choice.spatial, now), now);
  if (switcher_.current() < 0) rewriter_.stop();  // paused: resumes with a keyframe
}

int SubscriberTrack::temporal_target(int layer) const {
  if (svc()) return choice_.temporal;  // one stream, all its spatial layers
  if (choice_.spatial < 0 || layer < choice_.spatial) return TemporalFilter::kAll;
  // Above the chosen layer (until the switch down): its base frame rate only, at once.
  if (layer > choice_.spatial) return 0;
  return choice_.temporal;
}

int SubscriberTrack::shown(int temporal, int layer) const {
  if (!source_ || layer < 0 || static_cast<size_t>(layer) >= source_->layer_count()) return 0;
  const int top =
      static_cast<int>(source_->layer(static_cast<size_t>(layer)).temporal_layers()) - 1;
  return std::clamp(temporal, 0, std::max(top, 0));
}

int SubscriberTrack::temporal_layer_shown() const {
  return shown(filter_.current(), layer());
}

int SubscriberTrack::target_temporal_layer_shown() const {
  return shown(temporal_target(target_layer()), target_layer());
}

void SubscriberTrack::send_video(const rtc::RtpPacket& in, const rtc::FrameInfo& info,
                                 TimePoint now) {
  filter_.set_target(temporal_target(rewriter_.stream()));
  const auto d = filter_.on_packet(in.timestamp(), info);
  if (d.new_frame && filter_.keyframe_wanted()) request_keyframe(rewriter_.stream(), now);
  SpatialFilter::Decision sd{true, in.marker()};
  if (svc()) {
    sd = spatial_.on_packet(in.timestamp(), info, in.marker());
    const bool base_gap = d.forward && sd.picture_dropped && info.temporal_id == 0;
    if (spatial_.keyframe_wanted() || base_gap) request_keyframe(rewriter_.stream(), now);
  }
  if (d.forward && sd.forward) {
    send(in, now, sd.marker);
    return;
  }
  if (d.forward) {
    // A spatial layer above the subscriber's: the same picture goes on (same picture id).
    rewriter_.skip(in.sequence_number(), false, 0);
    owner_.io().counters().spatial_packets_dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // Left out: the next packets close up on it (sequence numbers, and picture ids from the
  // first packet of the frame on), so the subscriber sees no loss.
  // VP9 picture ids stay as they are: its receiver expects gaps where upper temporal layers
  // were (it places pictures in their group by picture id, spatial_filter.hpp).
  const bool close_up = d.new_frame && info.has_picture_id && source_->codec() != rtc::Codec::kVp9;
  rewriter_.skip(in.sequence_number(), close_up, info.picture_id);
  owner_.io().counters().temporal_packets_dropped.fetch_add(1, std::memory_order_relaxed);
}

void SubscriberTrack::forward(const rtc::RtpPacket& in, int layer, const rtc::FrameInfo& info,
                              TimePoint now) {
  if (!source_->is_video()) {
    if (!rewriter_.started()) rewriter_.switch_to(0, in.sequence_number(), in.timestamp(), {}, now);
    send(in, now, in.marker());
    return;
  }
  SwitchPacket p{layer, in.sequence_number(), in.timestamp(), in.marker(), info.keyframe};
  const SwitchDecision d = switcher_.on_packet(p, now);
  request_keyframe(d.request_layer, now);
  switch (d.action) {
    case SwitchDecision::Action::kDrop:
      return;
    case SwitchDecision::Action::kForward:
      send_video(in, info, now);
      return;
    case SwitchDecision::Action::kForwardThenSwitch:
      send_video(in, info, now);
      [[fallthrough]];
    case SwitchDecision::Action::kSwitch:
      switch_and_replay(d.layer, d.first, d.last, now);
      return;
  }
}

void SubscriberTrack::switch_and_replay(int layer, uint16_t first, uint16_t last, TimePoint now) {
  const auto l = static_cast<size_t>(layer);
  for (uint16_t seq = first;; ++seq) {
    if (auto cached = source_->cached(seq, l, now)) {
      // The cache holds the plain packet; parse a copy so the cache stays untouched.
      auto copy = owner_.io().scratch2();
      std::copy(cached->begin(), cached->end(), copy.begin());
      auto packet = rtc::RtpPacket::parse(copy.first(cached->size()));
      if (packet) {
        if (seq == first) {
          rewriter_.switch_to(layer, seq, packet->timestamp(), packet->payload(), now);
          filter_.set_target(temporal_target(layer));
          filter_.reset();  // at the keyframe
          spatial_.reset();
        }
        send_video(packet.value(), rtc::frame_info(source_->codec(), packet->payload()), now);
      }
    } else if (seq == first) {
      // The keyframe left the cache (it cannot, within kKeyframeWait): start over.
      restart(now);
      return;
    }
    if (seq == last) break;
  }
}

void SubscriberTrack::send(const rtc::RtpPacket& in, TimePoint now, bool marker) {
  // Moves the numbering on to it; a packet too late to place is not sent.
  if (!rewriter_.take_sequence(in.sequence_number())) return;
  auto out = owner_.io().scratch();
  size_t len = rewrite(in, out, transport_sequence(in.payload().size() + 32, now), marker);
  if (len == 0) return;
  const size_t header = len - in.payload().size();
  rewriter_.rewrite_payload(out.subspan(header, in.payload().size()));
  rewriter_.on_sent(load_be16(out, 2), rewriter_.timestamp(in.timestamp()),
                    out.subspan(header, in.payload().size()), now);
  owner_.send_media(out, len);
  ++packets_sent_;
  octets_sent_ += in.payload().size();
}

std::optional<uint16_t> SubscriberTrack::transport_sequence(size_t size, TimePoint now,
                                                            bool padding) {
  if (config_.twcc_extension_id == 0) return std::nullopt;
  return owner_.take_transport_sequence(size, now, padding);
}

size_t SubscriberTrack::rewrite(const rtc::RtpPacket& in, std::span<uint8_t> out,
                                std::optional<uint16_t> transport_sequence, bool marker) const {
  // No CSRCs and no header extension of the publisher's: the 12-byte fixed header (RFC 3550
  // 5.1), then, when negotiated, one RFC 8285 one-byte extension with the transport-wide
  // sequence number:  0xBE 0xDE | length 1 | id<<4|1, seq (2 bytes), padding.
  auto payload = in.payload();
  const auto sequence = rewriter_.sequence(in.sequence_number());
  if (!sequence) return 0;
  const size_t header =
      rtc::kRtpFixedHeaderSize + (transport_sequence ? kTransportSequenceExtensionSize : 0);
  size_t len = header + payload.size();
  if (len + kSrtpOverhead > out.size()) return 0;
  out[0] = transport_sequence ? 0x90 : 0x80;
  if (transport_sequence) {
    uint8_t* ext = out.data() + rtc::kRtpFixedHeaderSize;
    ext[0] = 0xbe;
    ext[1] = 0xde;
    ext[2] = 0;
    ext[3] = 1;
    ext[4] = static_cast<uint8_t>(config_.twcc_extension_id << 4 | 1);
    ext[5] = static_cast<uint8_t>(*transport_sequence >> 8);
    ext[6] = static_cast<uint8_t>(*transport_sequence);
    ext[7] = 0;
  }
  out[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | payload_type_map_[in.payload_type()]);
  store_be16(out, 2, *sequence);
  store_be32(out, 4, rewriter_.timestamp(in.timestamp()));
  store_be32(out, 8, config_.ssrc);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<ptrdiff_t>(header));
  return len;
}

void SubscriberTrack::on_nack(std::span<const uint16_t> sequence_numbers, TimePoint now) {
  if (!source_ || !rewriter_.started()) return;
  const auto layer = static_cast<size_t>(rewriter_.stream());
  bool undecodable = false;
  for (uint16_t out_seq : sequence_numbers) {
    // Only numbers sent since the last switch map back: older ones (before a mute, a layer
    // switch or a reconnect) would name a different packet of the publisher.
    uint16_t seq = 0;
    if (!rewriter_.original_sequence(out_seq, seq)) continue;
    auto cached = source_->cached(seq, layer, now);
    if (!cached) {
      // Neither we nor the publisher will send it again: only a keyframe repairs the picture.
      if (!source_->recovering(seq, layer)) undecodable = true;
      continue;
    }
    // The cache holds the plain packet; parse a copy so the cache stays untouched.
    auto copy = owner_.io().scratch2();
    std::copy(cached->begin(), cached->end(), copy.begin());
    auto packet = rtc::RtpPacket::parse(copy.first(cached->size()));
    // A packet of a frame left out (it came late and its place stayed a gap): not for this
    // subscriber, whose decoder does not need it.
    if (!packet) continue;
    const auto info = rtc::frame_info(source_->codec(), packet->payload());
    if (!filter_.forwarded(packet->timestamp(), info.temporal_id)) continue;
    {
      const bool marker = svc() ? spatial_.marker_for(info, packet->marker()) : packet->marker();
      send_retransmission(packet.value(), now, marker);
      owner_.io().counters().retransmissions_sent.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (undecodable && source_->is_video()) source_->request_keyframe(layer, now);
}

void SubscriberTrack::send_retransmission(const rtc::RtpPacket& original, TimePoint now,
                                          bool marker) {
  auto out = owner_.io().scratch();
  // A retransmission gets its own transport-wide number (RTX copies this header).
  size_t len =
      rewrite(original, out, transport_sequence(original.payload().size() + 34, now), marker);
  if (len == 0) return;
  const size_t header = len - original.payload().size();
  rewriter_.rewrite_payload(out.subspan(header, original.payload().size()), true);
  if (!config_.rtx_ssrc || !config_.codec.rtx_payload_type) {
    owner_.send_media(out, len);
    return;
  }
  auto rewritten = rtc::RtpPacket::parse(out.first(len));
  if (!rewritten) return;
  // RFC 4588: the RTX packet carries the original sequence number before the payload.
  std::array<uint8_t, 2048> rtx_buf;
  auto rtx = rtc::build_rtx(rewritten.value(), *config_.rtx_ssrc, *config_.codec.rtx_payload_type,
                            rtx_seq_++, rtx_buf);
  if (!rtx) return;
  size_t rtx_len = rtx->size();
  std::copy(rtx_buf.begin(), rtx_buf.begin() + rtx_len, out.begin());
  owner_.send_media(out, rtx_len);
}

size_t SubscriberTrack::send_padding(size_t bytes, TimePoint now) {
  if (!config_.rtx_ssrc || !config_.codec.rtx_payload_type || config_.twcc_extension_id == 0 ||
      !rewriter_.started()) {
    return 0;
  }
  size_t sent = 0;
  while (sent < bytes) {
    auto out = owner_.io().scratch();
    const size_t header = rtc::kRtpFixedHeaderSize + kTransportSequenceExtensionSize;
    const size_t len = header + kMaxPadding;
    auto seq = transport_sequence(len, now, true);
    if (!seq) break;
    // RTX header with P set, the transport-wide sequence number, then only padding.
    out[0] = 0xb0;
    out[1] = *config_.codec.rtx_payload_type;
    store_be16(out, 2, rtx_seq_++);
    store_be32(out, 4, rewriter_.timestamp(0));
    store_be32(out, 8, *config_.rtx_ssrc);
    uint8_t* ext = out.data() + rtc::kRtpFixedHeaderSize;
    const uint8_t ext_bytes[8] = {0xbe,
                                  0xde,
                                  0,
                                  1,
                                  static_cast<uint8_t>(config_.twcc_extension_id << 4 | 1),
                                  static_cast<uint8_t>(*seq >> 8),
                                  static_cast<uint8_t>(*seq),
                                  0};
    std::copy(std::begin(ext_bytes), std::end(ext_bytes), ext);
    std::fill(out.begin() + header, out.begin() + len - 1, 0);
    out[len - 1] = static_cast<uint8_t>(kMaxPadding);
    owner_.send_media(out, len);
    sent += len;
  }
  return sent;
}

void SubscriberTrack::on_source_sender_report(const rtc::RtcpSenderInfo& sr, int layer) {
  // Before the first forwarded packet the timestamp offset maps nothing the receiver has seen,
  // and another layer's SR is in another RTP clock.
  if (!rewriter_.started() || layer != rewriter_.stream()) return;
  rtc::RtcpSenderInfo out = sr;
  out.sender_ssrc = config_.ssrc;
  out.rtp_timestamp = rewriter_.timestamp(sr.rtp_timestamp);
  out.packet_count = static_cast<uint32_t>(packets_sent_);
  out.octet_count = static_cast<uint32_t>(octets_sent_);
  owner_.send_sender_report(out);
}

void SubscriberTrack::on_keyframe_request(TimePoint now) {
  if (!source_) return;
  const int layer = rewriter_.started() ? rewriter_.stream() : switcher_.target();
  if (layer >= 0) source_->request_keyframe(static_cast<size_t>(layer), now);
}

}  // namespace meet::engine
