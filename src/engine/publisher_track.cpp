#include "engine/publisher_track.hpp"

#include <algorithm>

#include "engine/participant.hpp"
#include "engine/room.hpp"
#include "engine/subscriber_track.hpp"
#include "rtc/codecs/keyframe.hpp"
#include "rtc/rtp/rtp_header_extensions.hpp"
#include "rtc/rtp/rtx.hpp"

namespace meet::engine {
namespace {

constexpr auto kKeyframeRetry = std::chrono::milliseconds(300);
constexpr auto kReportInterval = std::chrono::seconds(1);

}  // namespace

PublisherTrack::PublisherTrack(PublishedTrackConfig config, Participant& owner)
    : config_(std::move(config)),
      owner_(owner),
      codec_(config_.codecs.empty() ? rtc::Codec::kUnknown
                                    : rtc::codec_from_name(config_.codecs.front().name)) {
  if (!config_.ssrcs.empty()) media_ssrc_ = config_.ssrcs.front();
  rtx_ssrc_ = config_.rtx_ssrc;
}

bool PublisherTrack::claim_ssrc(uint32_t ssrc, bool rtx) {
  auto& slot = rtx ? rtx_ssrc_ : media_ssrc_;
  if (!slot) slot = ssrc;
  return *slot == ssrc;
}

PublisherTrack::~PublisherTrack() {
  for (auto* s : subscribers_) s->on_source_gone();
}

void PublisherTrack::on_rtp(rtc::RtpPacket& packet, TimePoint now) {
  if (!media_ssrc_) media_ssrc_ = packet.ssrc();
  uint16_t seq = packet.sequence_number();
  update_stats(seq);
  nacks_.on_packet(seq, now);
  if (is_video()) {
    cache_.store(seq, packet.bytes(), now);
    if (keyframe_requested_at_ && rtc::is_keyframe(codec_, packet.payload())) {
      keyframe_requested_at_.reset();
    }
  } else if (config_.audio_level_extension_id != 0) {
    if (auto level = rtc::read_audio_level(packet, config_.audio_level_extension_id)) {
      activity_.on_level(level->level, now);
    }
  }
  if (config_.muted) return;
  if (auto* tap = owner_.room().recording_tap()) tap->on_rtp(*this, packet, now);
  if (!heard_) return;
  for (auto* s : subscribers_) s->forward(packet, now);
}

void PublisherTrack::on_rtx(rtc::RtpPacket& packet, TimePoint now) {
  if (!media_ssrc_ || config_.codecs.empty()) return;
  // RTX payload type -> the codec it repairs (a=fmtp:<rtx> apt=<pt>).
  uint8_t original_pt = config_.codecs.front().payload_type;
  for (const auto& c : config_.codecs) {
    if (c.rtx_payload_type == packet.payload_type()) original_pt = c.payload_type;
  }
  auto original = rtc::unwrap_rtx(packet, *media_ssrc_, original_pt);
  if (!original) return;  // padding-only probe
  on_rtp(original.value(), now);
}

void PublisherTrack::on_sender_report(const rtc::RtcpSenderInfo& sr, TimePoint now) {
  last_sr_ntp_ = rtc::RtcpReportBlock::compact_ntp(sr.ntp_timestamp);
  last_sr_at_ = now;
  if (auto* tap = owner_.room().recording_tap()) tap->on_sender_report(*this, sr);
  if (config_.muted) return;
  for (auto* s : subscribers_) s->on_source_sender_report(sr);
}

void PublisherTrack::request_keyframe(TimePoint now) {
  if (!media_ssrc_ || !is_video()) return;
  if (keyframe_requested_at_ && now - *keyframe_requested_at_ < kKeyframeRetry) return;
  // Only a PLI that left counts as asked, so a request before the publisher connects is not
  // lost.
  if (owner_.send_pli(*media_ssrc_)) keyframe_requested_at_ = now;
}

void PublisherTrack::set_muted(bool muted) {
  if (config_.muted == muted) return;
  config_.muted = muted;
  if (!muted) {
    auto now = std::chrono::steady_clock::now();
    for (auto* s : subscribers_) s->restart(now);
  }
}

void PublisherTrack::set_heard(bool heard, TimePoint now) {
  if (heard_ == heard) return;
  heard_ = heard;
  if (heard) {
    for (auto* s : subscribers_) s->restart(now);
  }
}

void PublisherTrack::tick(TimePoint now) {
  if (!media_ssrc_) return;
  if (is_video()) {
    std::array<uint16_t, 64> due;
    size_t n = nacks_.due(now, due);
    if (n > 0) owner_.send_nack(*media_ssrc_, std::span<const uint16_t>(due.data(), n));
    // A packet given up on leaves a hole every subscriber's decoder is stuck at.
    if (nacks_.lost_for_good() != losses_seen_) {
      losses_seen_ = nacks_.lost_for_good();
      if (!subscribers_.empty()) request_keyframe(now);
    }
  }
  if (stats_started_ && now - last_report_ >= kReportInterval) {
    last_report_ = now;
    send_receiver_report(now);
  }
}

void PublisherTrack::add_subscriber(SubscriberTrack& s) {
  if (std::find(subscribers_.begin(), subscribers_.end(), &s) == subscribers_.end()) {
    subscribers_.push_back(&s);
  }
}

void PublisherTrack::remove_subscriber(SubscriberTrack& s) {
  std::erase(subscribers_, &s);
}

std::optional<std::span<const uint8_t>> PublisherTrack::cached(uint16_t seq, TimePoint now) const {
  return cache_.find(seq, now);
}

void PublisherTrack::update_stats(uint16_t seq) {
  if (!stats_started_) {
    stats_started_ = true;
    base_seq_ = max_seq_ = seq;
    received_ = 1;
    return;
  }
  ++received_;
  uint16_t delta = static_cast<uint16_t>(seq - max_seq_);
  if (delta != 0 && delta < 0x8000) {
    if (seq < max_seq_) ++cycles_;
    max_seq_ = seq;
  }
}

void PublisherTrack::send_receiver_report(TimePoint now) {
  // RFC 3550 6.4.1 and appendix A.3.
  uint32_t extended_max = (cycles_ << 16) | max_seq_;
  uint32_t expected = extended_max - base_seq_ + 1;
  uint32_t expected_interval = expected - expected_prior_;
  uint32_t received_interval = received_ - received_prior_;
  expected_prior_ = expected;
  received_prior_ = received_;
  int64_t lost_interval = int64_t{expected_interval} - received_interval;
  uint8_t fraction = 0;
  if (expected_interval != 0 && lost_interval > 0) {
    fraction = static_cast<uint8_t>((lost_interval << 8) / expected_interval);
  }
  int64_t cumulative = int64_t{expected} - received_;
  uint32_t dlsr = 0;
  if (last_sr_ntp_ != 0) {
    auto since = std::chrono::duration_cast<std::chrono::microseconds>(now - last_sr_at_);
    dlsr = static_cast<uint32_t>(since.count() * 65536 / 1000000);
  }
  owner_.send_receiver_report(*media_ssrc_, fraction, cumulative, extended_max, last_sr_ntp_, dlsr);
}

}  // namespace meet::engine
