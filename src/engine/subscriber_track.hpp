#pragma once
// One m-line of a subscriber connection: forwards a publisher track's packets to one
// participant, rewriting SSRC, sequence number, timestamp and payload type (and the VP8/VP9
// picture id and TL0PICIDX across simulcast switches), and answers that participant's NACKs
// and keyframe requests. Of a simulcast track it forwards one layer, the target its
// participant's LayerAllocator picked; it moves to a new target once one of that layer's
// keyframes has fully arrived (LayerSwitcher), asking for one, and replays it from the
// publisher's packet cache; until then the current layer keeps flowing. Of that layer it
// forwards the temporal layers the allocator chose (TemporalFilter); the rewriter closes up
// the numbering over the frames left out. Of a VP9 SVC track (one stream carrying spatial
// layers) it forwards the spatial layers up to the chosen one (SpatialFilter) instead of
// switching streams. Worker thread only.
#include <array>
#include <chrono>
#include <optional>
#include <span>

#include "engine/engine_types.hpp"
#include "engine/layer_allocator.hpp"
#include "engine/layer_switcher.hpp"
#include "engine/simulcast_rewriter.hpp"
#include "engine/spatial_filter.hpp"
#include "engine/temporal_filter.hpp"
#include "rtc/codecs/frame_info.hpp"
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

  // Starts carrying `source` (or nothing). Called by the room's ForwardingTable, which keeps
  // who carries what; source() is the table's answer, kept here for the packet path.
  void attach(PublisherTrack* source, TimePoint now);
  PublisherTrack* source() const { return source_; }
  // Called by the ForwardingTable when the source goes away.
  void on_source_gone() { source_ = nullptr; }
  // Starts again at the next keyframe of the target layer (asking for one).
  void restart(TimePoint now);

  // The layer to forward (spatial -1: pause) and the temporal layers of it. A new spatial
  // layer is taken once a keyframe of it has fully arrived; until then the current one keeps
  // flowing so the picture never stops (at its base frame rate while a lower one was chosen:
  // leaving out temporal layers needs no keyframe).
  void set_target_layer(LayerChoice choice, TimePoint now);
  int target_layer() const { return switcher_.target(); }
  int layer() const { return rewriter_.stream(); }
  // The spatial layer the subscriber gets: of an SVC track the highest spatial layer forwarded,
  // else layer(); and the one chosen (target_layer()).
  int spatial_layer() const;
  int spatial_target_layer() const;
  // The highest temporal layer forwarded now (TemporalFilter::kAll: all).
  int temporal_layer() const { return filter_.current(); }
  // For stats: the same, and the chosen one, as layers of the stream (kAll reads as its top
  // layer, 0 for a stream without temporal layers).
  int temporal_layer_shown() const;
  int target_temporal_layer_shown() const;
  const TrackView& view() const { return view_; }
  void set_view(const TrackView& v) { view_ = v; }

  // A packet of the source's layer `layer`; `info` read from its payload.
  void forward(const rtc::RtpPacket& in, int layer, const rtc::FrameInfo& info, TimePoint now);
  // Sequence numbers as this subscriber saw them.
  void on_nack(std::span<const uint16_t> sequence_numbers, TimePoint now);
  void on_keyframe_request(TimePoint now);
  // Relays the SR of the layer it forwards in this subscriber's SSRC and timestamp space (RFC
  // 3550 6.4.1), which lets the receiver synchronise this track with the publisher's others.
  void on_source_sender_report(const rtc::RtcpSenderInfo& sr, int layer);
  // Padding-only RTX packets (RFC 3550 5.1 padding, RFC 4588 stream) of about `bytes` in
  // total, to probe the subscriber's link; returns the bytes sent (0 without RTX).
  size_t send_padding(size_t bytes, TimePoint now);

  uint64_t packets_sent() const { return packets_sent_; }

 private:
  // Writes the rewritten packet into `out`; returns its length (0 when it does not fit). With a
  // transport-wide sequence number the header carries it as its one extension.
  size_t rewrite(const rtc::RtpPacket& in, std::span<uint8_t> out,
                 std::optional<uint16_t> transport_sequence, bool marker) const;
  // The next transport-wide sequence number for a packet of `size` bytes, if negotiated.
  std::optional<uint16_t> transport_sequence(size_t size, TimePoint now, bool padding = false);
  void send_retransmission(const rtc::RtpPacket& original, TimePoint now, bool marker);
  // Rewrites and sends one packet of the layer being forwarded, with RTP marker `marker`.
  void send(const rtc::RtpPacket& in, TimePoint now, bool marker);
  bool svc() const;
  // The same for video: unless its frame is in a temporal layer left out.
  void send_video(const rtc::RtpPacket& in, const rtc::FrameInfo& info, TimePoint now);
  // The highest temporal layer to forward of spatial layer `layer`.
  int temporal_target(int layer) const;
  int shown(int temporal, int layer) const;
  // Starts `layer` at the keyframe `first` and sends its packets through `last` from the
  // publisher's packet cache (those missing there the subscriber will NACK).
  void switch_and_replay(int layer, uint16_t first, uint16_t last, TimePoint now);
  void request_keyframe(int layer, TimePoint now);

  SubscriptionConfig config_;
  Participant& owner_;
  PublisherTrack* source_ = nullptr;
  std::array<uint8_t, 128> payload_type_map_{};
  SimulcastRewriter rewriter_;
  LayerSwitcher switcher_;
  TemporalFilter filter_;
  SpatialFilter spatial_;
  LayerChoice choice_{0, LayerChoice::kAllTemporal};  // the allocator's last
  TrackView view_;
  uint16_t rtx_seq_ = 0;
  uint64_t packets_sent_ = 0;
  uint64_t octets_sent_ = 0;  // payload octets, as an SR counts them
};

}  // namespace meet::engine
