#pragma once
// Builds whole frames from one track's in-order RTP packets (capture thread). A frame ends at
// the marker bit (video), at a change of RTP timestamp, or with each packet (audio). After a
// loss, video is "broken": frames are dropped until a keyframe, and needs_keyframe() says so
// (the capture asks the publisher for one).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "record/depacketizer.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::record {

struct Frame {
  std::span<const uint8_t> data;  // valid until the next push()
  uint32_t rtp_timestamp = 0;
  bool keyframe = false;
  int64_t wall_ms = 0;  // arrival of its first packet
  uint16_t width = 0;   // 0: not told by this frame
  uint16_t height = 0;
};

class FrameAssembler {
 public:
  explicit FrameAssembler(rtc::Codec codec);

  // One packet, in order. `after_gap`: packets before it were lost. Returns a frame this
  // packet completed (or that it showed was complete), if any.
  std::optional<Frame> push(const rtc::RtpPacket& packet, bool after_gap, int64_t wall_ms);
  bool needs_keyframe() const { return broken_; }

  uint64_t bad_payloads() const { return bad_payloads_; }
  uint64_t dropped_frames() const { return dropped_frames_; }

 private:
  std::optional<Frame> finish();
  void discard();

  rtc::Codec codec_;
  bool video_;
  bool broken_;  // video: waiting for a keyframe (also at the start)
  bool open_ = false;
  std::vector<uint8_t> building_;
  std::vector<uint8_t> done_;
  Frame current_{};
  uint64_t bad_payloads_ = 0;
  uint64_t dropped_frames_ = 0;
};

}  // namespace meet::record
