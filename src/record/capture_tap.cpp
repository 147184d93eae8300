#include "record/capture_tap.hpp"

#include <algorithm>
#include <cstring>

#include "engine/participant.hpp"
#include "engine/publisher_track.hpp"

namespace meet::record {
namespace {

uint8_t copy_id(std::array<char, TapSlot::kMaxId>& to, const std::string& from) {
  size_t n = std::min(from.size(), to.size());
  std::memcpy(to.data(), from.data(), n);
  return static_cast<uint8_t>(n);
}

int64_t wall_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TapSlot* CaptureTap::begin(engine::PublisherTrack& track) {
  TapSlot* slot = ring_.begin_push();
  if (!slot) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  slot->participant_id_len = copy_id(slot->participant_id, track.owner().id());
  slot->track_id_len = copy_id(slot->track_id, track.id());
  slot->video = track.is_video();
  slot->wall_ms = wall_ms_now();
  return slot;
}

void CaptureTap::on_rtp(engine::PublisherTrack& track, const rtc::RtpPacket& packet,
                        std::chrono::steady_clock::time_point now) {
  auto bytes = packet.bytes();
  if (bytes.size() > TapSlot::kMaxPacket) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // The codec this packet's payload type names (the publisher may send any it offered).
  const engine::CodecConfig* codec = nullptr;
  for (const auto& c : track.config().codecs) {
    if (c.payload_type == packet.payload_type()) codec = &c;
  }
  if (!codec) return;
  const rtc::Codec kind = rtc::codec_from_name(codec->name);
  if (kind == rtc::Codec::kUnknown) return;  // e.g. RED or FEC: not recorded
  TapSlot* slot = begin(track);
  if (!slot) return;
  slot->kind = TapSlot::Kind::kRtp;
  slot->codec = kind;
  slot->clock_rate = codec->clock_rate;
  slot->steady_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  slot->size = static_cast<uint16_t>(bytes.size());
  std::memcpy(slot->bytes.data(), bytes.data(), bytes.size());
  ring_.end_push();
}

void CaptureTap::on_sender_report(engine::PublisherTrack& track, const rtc::RtcpSenderInfo& sr) {
  TapSlot* slot = begin(track);
  if (!slot) return;
  slot->kind = TapSlot::Kind::kSenderReport;
  slot->codec = track.codec();
  slot->clock_rate = track.config().codecs.empty() ? 0 : track.config().codecs.front().clock_rate;
  slot->steady_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now().time_since_epoch())
                        .count();
  slot->sender_report = sr;
  slot->size = 0;
  ring_.end_push();
}

}  // namespace meet::record
