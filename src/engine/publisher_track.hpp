#pragma once
// A track one participant sends into a room: receives its RTP (one stream, or one per
// simulcast layer), keeps a packet cache for NACKs, asks for lost packets and keyframes,
// reports reception, and fans packets out to its subscribers, each of which picks a layer.
// Worker thread only.
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "engine/audio_activity.hpp"
#include "engine/engine_types.hpp"
#include "engine/layer_allocator.hpp"
#include "engine/receive_stream.hpp"
#include "engine/recording_feed.hpp"
#include "rtc/codecs/codec.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::engine {

class Participant;
class RecordingTap;
class SubscriberTrack;
using TimePoint = std::chrono::steady_clock::time_point;

class PublisherTrack {
 public:
  static constexpr size_t kMaxLayers = 3;

  PublisherTrack(PublishedTrackConfig config, Participant& owner);
  ~PublisherTrack();
  PublisherTrack(const PublisherTrack&) = delete;
  PublisherTrack& operator=(const PublisherTrack&) = delete;

  const PublishedTrackConfig& config() const { return config_; }
  const std::string& id() const { return config_.track_id; }
  Participant& owner() { return owner_; }
  bool is_video() const { return config_.kind == "video"; }
  bool is_screen() const { return config_.source == "screen"; }
  rtc::Codec codec() const { return codec_; }
  bool muted() const { return config_.muted; }
  std::optional<uint32_t> media_ssrc() const { return layers_.front()->ssrc; }
  size_t layer_count() const { return layers_.size(); }
  const ReceiveStream& layer(size_t i) const { return *layers_[i]; }
  // True once a packet of a spatial layer above 0 came on this track's one stream: VP9 SVC
  // (spatial_filter.hpp), whose subscribers pick spatial layers within that stream.
  bool svc() const { return svc_; }
  // The layers a subscriber can be given: the simulcast streams, or an SVC stream's spatial
  // layers. What option `i` (< selectable_layers()) costs and carries, measured now.
  size_t selectable_layers() const;
  LayerOption layer_option(size_t i, TimePoint now) const;
  // The layer of a simulcast rid (RFC 8852), or -1.
  int layer_of_rid(std::string_view rid) const;

  // A packet of an SSRC the offer did not announce names this track's mid (and, with
  // simulcast, a rid): true when layer `layer` takes it as its media (or RTX) stream. Each
  // layer has one of each, so a publisher cannot make the server learn any number of SSRCs;
  // the first one seen wins.
  bool claim_ssrc(uint32_t ssrc, bool rtx, size_t layer);
  void on_rtp(rtc::RtpPacket& packet, size_t layer, TimePoint now);
  // A retransmission (RFC 4588) carrying one of this track's packets.
  void on_rtx(rtc::RtpPacket& packet, size_t layer, TimePoint now);
  // The publisher's SR for one layer: kept for the LSR field of our receiver reports and
  // passed on to the subscribers forwarding that layer, who need it for lip sync.
  void on_sender_report(const rtc::RtcpSenderInfo& sr, size_t layer, TimePoint now);
  // Asks the publisher for a keyframe on `layer` unless one was asked for and has not come
  // yet; a request that got no keyframe is repeated after ReceiveStream::kKeyframeRetry. So
  // the first request of a new subscriber goes out at once, and many subscribers asking
  // together cost one keyframe.
  void request_keyframe(size_t layer, TimePoint now);
  // Asks for a keyframe on the layer a recording takes (the recorder's capture lost one).
  void request_recording_keyframe(TimePoint now);
  // True while the engine is still asking the publisher for this (publisher) sequence number.
  bool recovering(uint16_t sequence_number, size_t layer) const {
    return layer < layers_.size() && layers_[layer]->nacks().is_missing(sequence_number);
  }
  void set_muted(bool muted);
  // How loud this (audio) track has been lately, 0..1; 0 for video and muted tracks.
  float activity(TimePoint now) const { return config_.muted ? 0.0f : activity_.score(now); }
  // Off: the room hears only its loudest speakers and this is not one; packets are dropped.
  // Turning it back on restarts the subscribers' sequence numbers without a gap.
  void set_heard(bool heard, TimePoint now);
  // Sends due NACKs and, once a second, receiver reports.
  void tick(TimePoint now);

  std::optional<std::span<const uint8_t>> cached(uint16_t sequence_number, size_t layer,
                                                 TimePoint now) const;

 private:
  // A media packet, or (`repair`) one unwrapped from RTX.
  void receive(rtc::RtpPacket& packet, size_t layer, TimePoint now, bool repair);
  // Hands the room's recording tap this track's recorded stream (recording_feed.hpp).
  void record(RecordingTap& tap, const rtc::RtpPacket& packet, size_t layer, TimePoint now);
  // The subscriber tracks carrying this one (the room's ForwardingTable).
  std::span<SubscriberTrack* const> subscribers() const;
  // The highest layer packets arrived on lately; `fallback` when none did.
  int best_active_layer(int fallback, TimePoint now) const;

  PublishedTrackConfig config_;
  Participant& owner_;
  rtc::Codec codec_;
  std::vector<std::unique_ptr<ReceiveStream>> layers_;  // fixed at construction, >= 1
  AudioActivity activity_;
  bool heard_ = true;
  bool svc_ = false;
  std::optional<RecordingFeed> recording_;  // while the room is recorded
};

}  // namespace meet::engine
