#pragma once
// A track one participant sends into a room: receives its RTP, keeps a packet cache for NACKs,
// asks for lost packets and keyframes, reports reception, and fans packets out to its
// subscribers. Worker thread only.
#include <chrono>
#include <optional>
#include <vector>

#include "engine/audio_activity.hpp"
#include "engine/engine_types.hpp"
#include "engine/nack_generator.hpp"
#include "engine/packet_cache.hpp"
#include "rtc/codecs/codec.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::engine {

class Participant;
class SubscriberTrack;
using TimePoint = std::chrono::steady_clock::time_point;

class PublisherTrack {
 public:
  PublisherTrack(PublishedTrackConfig config, Participant& owner);
  ~PublisherTrack();
  PublisherTrack(const PublisherTrack&) = delete;
  PublisherTrack& operator=(const PublisherTrack&) = delete;

  const PublishedTrackConfig& config() const { return config_; }
  const std::string& id() const { return config_.track_id; }
  Participant& owner() { return owner_; }
  bool is_video() const { return config_.kind == "video"; }
  rtc::Codec codec() const { return codec_; }
  bool muted() const { return config_.muted; }
  std::optional<uint32_t> media_ssrc() const { return media_ssrc_; }

  // A packet of an SSRC the offer did not announce names this track's mid: true when the track
  // takes it as its media (or RTX) stream. A track has one of each (no simulcast yet), so a
  // publisher cannot make the server learn any number of SSRCs; the first one seen wins.
  bool claim_ssrc(uint32_t ssrc, bool rtx);
  void on_rtp(rtc::RtpPacket& packet, TimePoint now);
  // A retransmission (RFC 4588) carrying one of this track's packets.
  void on_rtx(rtc::RtpPacket& packet, TimePoint now);
  // The publisher's SR for this track: kept for the LSR field of our receiver reports and
  // passed on to the subscribers, who need it to play audio and video in sync.
  void on_sender_report(const rtc::RtcpSenderInfo& sr, TimePoint now);
  // Asks the publisher for a keyframe unless one was asked for and has not come yet; a request
  // that got no keyframe is repeated after kKeyframeRetry. So the first request of a new
  // subscriber goes out at once, and many subscribers asking together cost one keyframe.
  void request_keyframe(TimePoint now);
  // True while the engine is still asking the publisher for this (publisher) sequence number.
  bool recovering(uint16_t sequence_number) const { return nacks_.is_missing(sequence_number); }
  void set_muted(bool muted);
  // How loud this (audio) track has been lately, 0..1; 0 for video and muted tracks.
  float activity(TimePoint now) const { return config_.muted ? 0.0f : activity_.score(now); }
  // Off: the room hears only its loudest speakers and this is not one; packets are dropped.
  // Turning it back on restarts the subscribers' sequence numbers without a gap.
  void set_heard(bool heard, TimePoint now);
  // Sends due NACKs and, once a second, a receiver report.
  void tick(TimePoint now);

  void add_subscriber(SubscriberTrack& s);
  void remove_subscriber(SubscriberTrack& s);
  std::optional<std::span<const uint8_t>> cached(uint16_t sequence_number, TimePoint now) const;

 private:
  void update_stats(uint16_t seq);
  void send_receiver_report(TimePoint now);

  PublishedTrackConfig config_;
  Participant& owner_;
  rtc::Codec codec_;
  std::optional<uint32_t> media_ssrc_;
  std::optional<uint32_t> rtx_ssrc_;
  PacketCache cache_;
  NackGenerator nacks_;
  AudioActivity activity_;
  bool heard_ = true;
  std::vector<SubscriberTrack*> subscribers_;
  std::optional<TimePoint> keyframe_requested_at_;  // set while a request is unanswered
  uint64_t losses_seen_ = 0;                        // nacks_.lost_for_good() at the last tick
  TimePoint last_report_{};
  // Reception statistics (RFC 3550 appendix A.3).
  bool stats_started_ = false;
  uint16_t base_seq_ = 0;
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;
  uint32_t received_ = 0;
  uint32_t expected_prior_ = 0;
  uint32_t received_prior_ = 0;
  uint32_t last_sr_ntp_ = 0;
  TimePoint last_sr_at_{};
};

}  // namespace meet::engine
