#pragma once
// The recorder's view of a room's media: a tapped room hands every packet its publishers send
// (after SRTP, RTX unwrapped, mute applied) and every sender report to a RecordingTap. The tap
// is not a participant: it appears in no list, count or webhook, and it costs the room one
// virtual call per packet. Implemented above the engine (record/), which copies the packet into
// its own queue.
#include <chrono>

#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::engine {

class PublisherTrack;

class RecordingTap {
 public:
  virtual ~RecordingTap() = default;
  // Worker thread, once per received media packet of a not-muted track. Must not block or
  // allocate: copy what is needed and return. `packet` is only valid during the call.
  virtual void on_rtp(PublisherTrack& track, const rtc::RtpPacket& packet,
                      std::chrono::steady_clock::time_point now) = 0;
  // Worker thread, for every RTCP sender report of a tapped track.
  virtual void on_sender_report(PublisherTrack& track, const rtc::RtcpSenderInfo& sr) = 0;
};

}  // namespace meet::engine
