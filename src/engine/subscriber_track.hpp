#pragma once
// One m-line of a subscriber connection: forwards a publisher track's packets to one
// participant, rewriting SSRC, sequence number, timestamp and payload type, and answers that
// participant's NACKs and keyframe requests. Worker thread only.
#include <array>
#include <chrono>
#include <optional>
#include <span>

#include "engine/engine_types.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::engine {

class Participant;
class PublisherTrack;
using TimePoint = std::chrono::steady_clock::time_point;

class SubscriberTrack {
 public:
  SubscriberTrack(SubscriptionConfig config, Participant& owner);
  ~SubscriberTrack();
  SubscriberTrack(const SubscriberTrack&) = delete;
  SubscriberTrack& operator=(const SubscriberTrack&) = delete;

  const SubscriptionConfig& config() const { return config_; }
  uint32_t ssrc() const { return config_.ssrc; }
  void set_twcc_extension_id(uint8_t id) { config_.twcc_extension_id = id; }

  // Links to the track it carries (or nullptr); the PublisherTrack keeps a back pointer.
  void attach(PublisherTrack* source, TimePoint now);
  PublisherTrack* source() const { return source_; }
  // Called by the source when it goes away or is muted/unmuted.
  void on_source_gone() { source_ = nullptr; }
  void restart(TimePoint now);

  void forward(const rtc::RtpPacket& in, TimePoint now);
  // Sequence numbers as this subscriber saw them.
  void on_nack(std::span<const uint16_t> sequence_numbers, TimePoint now);
  void on_keyframe_request(TimePoint now);
  // Relays the source's SR in this subscriber's SSRC and timestamp space (RFC 3550 6.4.1),
  // which lets the receiver synchronise this track with the publisher's other tracks.
  void on_source_sender_report(const rtc::RtcpSenderInfo& sr);

  uint64_t packets_sent() const { return packets_sent_; }

 private:
  // Writes the rewritten packet into `out`; returns its length (0 when it does not fit). With a
  // transport-wide sequence number the header carries it as its one extension.
  size_t rewrite(const rtc::RtpPacket& in, std::span<uint8_t> out,
                 std::optional<uint16_t> transport_sequence) const;
  // The next transport-wide sequence number for a packet of `size` bytes, if negotiated.
  std::optional<uint16_t> transport_sequence(size_t size, TimePoint now);
  void send_retransmission(const rtc::RtpPacket& original, TimePoint now);

  SubscriptionConfig config_;
  Participant& owner_;
  PublisherTrack* source_ = nullptr;
  std::array<uint8_t, 128> payload_type_map_{};
  bool waiting_keyframe_ = true;
  bool started_ = false;
  uint16_t seq_offset_ = 0;
  uint32_t ts_offset_ = 0;
  uint16_t last_out_seq_ = 0;
  uint16_t rtx_seq_ = 0;
  uint64_t packets_sent_ = 0;
  uint64_t octets_sent_ = 0;       // payload octets, as an SR counts them
  uint64_t sent_since_start_ = 0;  // packets sent with the current seq_offset_
};

}  // namespace meet::engine
