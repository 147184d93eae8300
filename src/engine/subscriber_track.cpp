#include "engine/subscriber_track.hpp"

#include <algorithm>
#include <random>

#include "common/bytes.hpp"
#include "engine/engine_counters.hpp"
#include "engine/media_worker.hpp"
#include "engine/participant.hpp"
#include "engine/publisher_track.hpp"
#include "rtc/codecs/keyframe.hpp"
#include "rtc/rtp/rtx.hpp"

namespace meet::engine {
namespace {

constexpr size_t kTransportSequenceExtensionSize = 8;

}  // namespace

SubscriberTrack::SubscriberTrack(SubscriptionConfig config, Participant& owner)
    : config_(std::move(config)), owner_(owner) {
  for (size_t pt = 0; pt < payload_type_map_.size(); ++pt) {
    payload_type_map_[pt] = static_cast<uint8_t>(pt);
  }
  std::random_device rd;
  ts_offset_ = rd();
  last_out_seq_ = static_cast<uint16_t>(rd());
  rtx_seq_ = static_cast<uint16_t>(rd());
}

SubscriberTrack::~SubscriberTrack() {
  if (source_) source_->remove_subscriber(*this);
}

void SubscriberTrack::attach(PublisherTrack* source, TimePoint now) {
  if (source_ == source) return;
  if (source_) source_->remove_subscriber(*this);
  source_ = source;
  if (!source_) return;
  source_->add_subscriber(*this);
  // The publisher may send any of its negotiated codecs; this m-line offered the same numbers.
  for (const auto& codec : source_->config().codecs) {
    payload_type_map_[codec.payload_type & 0x7f] = codec.payload_type;
  }
  restart(now);
}

void SubscriberTrack::restart(TimePoint now) {
  waiting_keyframe_ = source_ && source_->is_video();
  started_ = false;
  // Before the subscriber's DTLS completes a keyframe would be wasted: the connection
  // restarts every track again then (Participant::on_transport_connected).
  if (waiting_keyframe_ && owner_.subscriber_connected()) source_->request_keyframe(now);
}

void SubscriberTrack::forward(const rtc::RtpPacket& in, TimePoint now) {
  if (waiting_keyframe_) {
    if (!rtc::is_keyframe(source_->codec(), in.payload())) {
      source_->request_keyframe(now);
      return;
    }
    waiting_keyframe_ = false;
  }
  if (!started_) {
    // Continue our own sequence space without a gap, whatever the publisher's numbers are.
    seq_offset_ = static_cast<uint16_t>(last_out_seq_ + 1 - in.sequence_number());
    started_ = true;
    sent_since_start_ = 0;
  }
  auto out = owner_.worker().scratch();
  size_t len = rewrite(in, out, transport_sequence(in.payload().size() + 32, now));
  if (len == 0) return;
  uint16_t out_seq = static_cast<uint16_t>(in.sequence_number() + seq_offset_);
  if (static_cast<uint16_t>(out_seq - last_out_seq_) < 0x8000) last_out_seq_ = out_seq;
  owner_.send_media(out, len);
  ++packets_sent_;
  ++sent_since_start_;
  octets_sent_ += in.payload().size();
}

std::optional<uint16_t> SubscriberTrack::transport_sequence(size_t size, TimePoint now) {
  if (config_.twcc_extension_id == 0) return std::nullopt;
  return owner_.take_transport_sequence(size, now);
}

size_t SubscriberTrack::rewrite(const rtc::RtpPacket& in, std::span<uint8_t> out,
                                std::optional<uint16_t> transport_sequence) const {
  // No CSRCs and no header extension of the publisher's: the 12-byte fixed header (RFC 3550
  // 5.1), then, when negotiated, one RFC 8285 one-byte extension with the transport-wide
  // sequence number:  0xBE 0xDE | length 1 | id<<4|1, seq (2 bytes), padding.
  auto payload = in.payload();
  const size_t header =
      rtc::kRtpFixedHeaderSize + (transport_sequence ? kTransportSequenceExtensionSize : 0);
  size_t len = header + payload.size();
  if (len + 32 > out.size()) return 0;  // keep room for the SRTP tag
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
  out[1] = static_cast<uint8_t>((in.marker() ? 0x80 : 0) | payload_type_map_[in.payload_type()]);
  store_be16(out, 2, static_cast<uint16_t>(in.sequence_number() + seq_offset_));
  store_be32(out, 4, in.timestamp() + ts_offset_);
  store_be32(out, 8, config_.ssrc);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<ptrdiff_t>(header));
  return len;
}

void SubscriberTrack::on_nack(std::span<const uint16_t> sequence_numbers, TimePoint now) {
  if (!source_ || !started_) return;
  bool undecodable = false;
  for (uint16_t out_seq : sequence_numbers) {
    // Only numbers sent since the last restart map back through seq_offset_: older ones (before
    // a mute, a source change or a reconnect) would name a different packet of the publisher.
    if (static_cast<uint16_t>(last_out_seq_ - out_seq) >= sent_since_start_) continue;
    const auto seq = static_cast<uint16_t>(out_seq - seq_offset_);
    auto cached = source_->cached(seq, now);
    if (!cached) {
      // Neither we nor the publisher will send it again: only a keyframe repairs the picture.
      if (!source_->recovering(seq)) undecodable = true;
      continue;
    }
    // The cache holds the plain packet; parse a copy so the cache stays untouched.
    auto copy = owner_.worker().scratch2();
    std::copy(cached->begin(), cached->end(), copy.begin());
    auto packet = rtc::RtpPacket::parse(copy.first(cached->size()));
    if (packet) {
      send_retransmission(packet.value(), now);
      EngineCounters::instance().retransmissions_sent.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (undecodable && source_->is_video()) source_->request_keyframe(now);
}

void SubscriberTrack::send_retransmission(const rtc::RtpPacket& original, TimePoint now) {
  auto out = owner_.worker().scratch();
  // A retransmission gets its own transport-wide number (RTX copies this header).
  size_t len = rewrite(original, out, transport_sequence(original.payload().size() + 34, now));
  if (len == 0) return;
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

void SubscriberTrack::on_source_sender_report(const rtc::RtcpSenderInfo& sr) {
  // Before the first forwarded packet the timestamp offset maps nothing the receiver has seen.
  if (!started_) return;
  rtc::RtcpSenderInfo out = sr;
  out.sender_ssrc = config_.ssrc;
  out.rtp_timestamp = sr.rtp_timestamp + ts_offset_;
  out.packet_count = static_cast<uint32_t>(packets_sent_);
  out.octet_count = static_cast<uint32_t>(octets_sent_);
  owner_.send_sender_report(out);
}

void SubscriberTrack::on_keyframe_request(TimePoint now) {
  if (source_) source_->request_keyframe(now);
}

}  // namespace meet::engine
