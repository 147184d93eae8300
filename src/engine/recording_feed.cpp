#include "engine/recording_feed.hpp"

#include <algorithm>

#include "rtc/codecs/keyframe.hpp"

namespace meet::engine {

// The recorded stream's numbering starts where the publisher's does: the capture has no use
// for a random offset.
RecordingFeed::RecordingFeed(rtc::Codec codec) : codec_(codec), rewriter_(codec, 0, 0) {}

std::optional<rtc::RtpPacket> RecordingFeed::take(const rtc::RtpPacket& in, int layer, int wanted,
                                                  TimePoint now, std::span<uint8_t> out) {
  if (layer != rewriter_.stream()) {
    if (layer != wanted) return std::nullopt;
    // A decoder cannot start on the new layer anywhere but at a keyframe; until one comes
    // the old layer (if it still flows) goes on being recorded.
    if (!rtc::is_keyframe(codec_, in.payload())) {
      keyframe_wanted_ = true;
      return std::nullopt;
    }
    keyframe_wanted_ = false;
    rewriter_.switch_to(layer, in.sequence_number(), in.timestamp(), in.payload(), now);
  }
  const auto bytes = in.bytes();
  if (bytes.size() > out.size()) return std::nullopt;
  const auto sequence = rewriter_.take_sequence(in.sequence_number());
  if (!sequence) return std::nullopt;  // too late to place
  std::copy(bytes.begin(), bytes.end(), out.begin());
  auto parsed = rtc::RtpPacket::parse(out.first(bytes.size()));
  if (!parsed) return std::nullopt;
  rtc::RtpPacket copy = std::move(parsed).value();
  copy.set_sequence_number(*sequence);
  copy.set_timestamp(rewriter_.timestamp(in.timestamp()));
  rewriter_.rewrite_payload(copy.mutable_payload());
  rewriter_.on_sent(copy.sequence_number(), copy.timestamp(), copy.payload(), now);
  return copy;
}

std::optional<rtc::RtcpSenderInfo> RecordingFeed::sender_report(const rtc::RtcpSenderInfo& sr,
                                                                int layer) const {
  if (!rewriter_.started() || layer != rewriter_.stream()) return std::nullopt;
  rtc::RtcpSenderInfo out = sr;
  out.rtp_timestamp = rewriter_.timestamp(sr.rtp_timestamp);
  return out;
}

}  // namespace meet::engine
