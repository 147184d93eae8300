#pragma once
// What a recording takes of one published track: a single continuous RTP stream made of the
// best simulcast layer the publisher is sending. It follows that layer down when it stops (the
// publisher's uplink or CPU made it drop it) and back up when it returns, changing layer only at
// a keyframe of the new one while the old one goes on being recorded, and rewrites sequence
// numbers, timestamps and picture ids (SimulcastRewriter) so the capture sees one stream. A
// track without simulcast is one layer and passes through with its numbering shifted once.
// Pure logic; worker thread only.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "engine/simulcast_rewriter.hpp"
#include "rtc/codecs/codec.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::engine {

class RecordingFeed {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit RecordingFeed(rtc::Codec codec);

  // A packet of layer `layer`, while `wanted` is the best layer now flowing. Returns the copy
  // to record, written into `out` (which must hold the packet), or nothing when this packet is
  // not recorded: another layer's, or the wanted layer's before its first keyframe (then
  // keyframe_wanted() says so).
  std::optional<rtc::RtpPacket> take(const rtc::RtpPacket& in, int layer, int wanted, TimePoint now,
                                     std::span<uint8_t> out);
  // The layer being recorded, or -1 before the first packet.
  int layer() const { return rewriter_.stream(); }
  // True when the last packet of the wanted layer was skipped for want of a keyframe.
  bool keyframe_wanted() const { return keyframe_wanted_; }
  // A sender report in the recorded stream's clock, when it is the recorded layer's.
  std::optional<rtc::RtcpSenderInfo> sender_report(const rtc::RtcpSenderInfo& sr, int layer) const;

 private:
  rtc::Codec codec_;
  SimulcastRewriter rewriter_;
  bool keyframe_wanted_ = false;
};

}  // namespace meet::engine
