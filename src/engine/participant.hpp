#pragma once
// A participant's media inside a room: its publisher and subscriber transports, the tracks it
// publishes and the m-lines it subscribes. Worker thread only.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/engine_types.hpp"
#include "engine/participant_events.hpp"
#include "engine/publisher_track.hpp"
#include "engine/subscriber_link.hpp"
#include "engine/subscriber_track.hpp"
#include "engine/webrtc_transport.hpp"
#include "rtc/rtcp/transport_feedback_generator.hpp"

namespace meet::engine {

class Room;
class WorkerIo;

class Participant : public WebRtcTransport::Listener {
 public:
  // Reaches its thread through `io`; notices go to `events` on the control thread.
  Participant(std::string id, Room& room, WorkerIo& io, std::weak_ptr<ParticipantEvents> events);
  ~Participant() override;
  Participant(const Participant&) = delete;
  Participant& operator=(const Participant&) = delete;

  const std::string& id() const { return id_; }
  WorkerIo& io() { return io_; }
  Room& room() { return room_; }

  // Control operations, posted from the control thread.
  void set_transport(TransportKind kind, const TransportParams& params);
  // Replaces the published track list: new ids are added, missing ids are removed.
  void set_published_tracks(std::vector<PublishedTrackConfig> tracks);
  // Replaces the subscriber m-lines (keyed by mid); sources are linked by Room::relink().
  void set_subscriptions(std::vector<SubscriptionConfig> subs, TimePoint now);
  void set_track_muted(const std::string& track_id, bool muted);
  // How the client shows the tracks it receives (by publisher track id); unknown ids are
  // ignored, tracks not named keep their view.
  void set_track_views(const std::vector<TrackView>& views);
  // The subscriber connection's estimate, loss, round-trip time and layers.
  SubscriberStats subscriber_stats() const { return link_.stats(subscribed_, io_.now()); }
  PublisherTrack* find_track(const std::string& track_id);
  // Links every unlinked subscriber m-line whose source track now exists.
  void relink(Room& room, TimePoint now);
  void tick(TimePoint now);
  void close();
  // The loudest of its audio tracks lately, 0..1 (ActiveSpeakerDetector's input).
  float audio_activity(TimePoint now) const;
  void set_audio_heard(bool heard, TimePoint now);
  // Tells its session (on the control thread) who speaks in the room.
  void notify_speakers(const std::string& active, const std::vector<std::string>& speaking);

  // Used by tracks (worker thread).
  void send_media(std::span<uint8_t> buffer, size_t len);  // on the subscriber transport
  bool subscriber_connected() const { return subscriber_ && subscriber_->connected(); }
  // The subscriber connection's next transport-wide sequence number, recorded as sent now with
  // `size` bytes for its bandwidth estimate.
  uint16_t take_transport_sequence(size_t size, TimePoint now, bool padding = false);
  // The subscriber connection's bandwidth estimate, once its feedback arrived (0 before).
  int64_t subscriber_estimate_bps() const { return link_.estimate_bps(); }
  // The layer each subscribed video track forwards, for /metrics: counts per layer 0..2.
  void count_layers(std::array<int64_t, 4>& per_layer) const;
  // False when the publisher transport cannot send yet (not connected).
  bool send_pli(uint32_t media_ssrc);
  void send_nack(uint32_t media_ssrc, std::span<const uint16_t> sequence_numbers);
  void send_receiver_report(const ReceiverReportFields& report);
  void send_sender_report(const rtc::RtcpSenderInfo& info);  // on the subscriber transport

  // WebRtcTransport::Listener
  void on_transport_connected(WebRtcTransport& t) override;
  void on_transport_closed(WebRtcTransport& t, TransportFailure why,
                           std::string_view detail) override;
  void on_rtp(WebRtcTransport& t, rtc::RtpPacket& packet, TimePoint now) override;
  void on_rtcp(WebRtcTransport& t, std::span<const uint8_t> compound, TimePoint now) override;

 private:
  // A publisher SSRC and the layer of its track it carries.
  struct LayerRef {
    PublisherTrack* track = nullptr;
    size_t layer = 0;
  };
  PublisherTrack* track_for_unknown_ssrc(const rtc::RtpPacket& packet, bool& is_rtx, size_t& layer);
  void on_publisher_rtcp(std::span<const uint8_t> compound, TimePoint now);
  void on_subscriber_rtcp(std::span<const uint8_t> compound, TimePoint now);
  bool send_publisher_rtcp(size_t len);
  // Transport-wide feedback for what the publisher connection received (draft-holmer-rmcat-
  // transport-wide-cc-extensions-01): the browser's congestion controller runs on it.
  void record_transport_sequence(const rtc::RtpPacket& packet, TimePoint now);
  void send_transport_feedback(TimePoint now);
  void notify(std::function<void(ParticipantEvents&)> fn);
  std::unique_ptr<WebRtcTransport>& slot(TransportKind kind);

  std::string id_;
  Room& room_;
  WorkerIo& io_;
  std::weak_ptr<ParticipantEvents> events_;
  uint32_t rtcp_ssrc_;
  std::unique_ptr<WebRtcTransport> publisher_;
  std::unique_ptr<WebRtcTransport> subscriber_;
  std::vector<std::unique_ptr<WebRtcTransport>> graveyard_;  // closed, freed on the next tick
  std::unordered_map<std::string, std::unique_ptr<PublisherTrack>> published_;
  std::unordered_map<uint32_t, LayerRef> by_ssrc_;
  std::unordered_map<uint32_t, LayerRef> by_rtx_ssrc_;
  std::unordered_map<std::string, std::unique_ptr<SubscriberTrack>> subscribed_;  // by mid
  std::unordered_map<uint32_t, SubscriberTrack*> subscribed_by_ssrc_;
  std::array<uint8_t, 1500> rtcp_buf_{};
  uint8_t twcc_extension_id_ = 0;  // on the publisher connection; 0: not negotiated
  uint32_t twcc_media_ssrc_ = 0;
  rtc::TransportFeedbackGenerator twcc_;
  // The subscriber side: sequence numbers on what we send, the estimate from their feedback,
  // probes, and the layer of each subscribed track.
  SubscriberLink link_;
  int64_t reported_estimate_bps_ = 0;  // what EngineCounters holds for us
  // The rest of our share of EngineCounters' subscriber figures, refreshed once a second.
  void report_quality(TimePoint now);
  TimePoint last_quality_report_{};
  std::array<int64_t, 4> reported_layers_{};
  int64_t reported_loss_ppm_ = 0;
  int64_t reported_rtt_ms_ = 0;
  uint64_t reported_probes_ = 0;
};

}  // namespace meet::engine
