#pragma once
// Plain configuration the control plane hands to the engine. Built on the control thread from
// negotiated SDP, copied into the media worker that owns the room.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace meet::engine {

enum class TransportKind : uint8_t { kPublisher, kSubscriber };

struct TransportParams {
  std::string local_ufrag, local_pwd;
  std::string remote_ufrag, remote_pwd;
  std::string remote_fingerprint_algorithm;  // "sha-256"
  std::string remote_fingerprint;            // "AB:CD:..."
  // The peer answered a=setup:passive: we send the ClientHello once ICE has a path. Otherwise
  // we are the DTLS server (the peer answered active, or offered actpass to us).
  bool dtls_client = false;
};

struct CodecConfig {
  uint8_t payload_type = 0;
  std::string name;  // "opus", "VP8", ...
  uint32_t clock_rate = 0;
  uint8_t channels = 0;
  std::string fmtp;
  std::vector<std::string> rtcp_fb;
  std::optional<uint8_t> rtx_payload_type;
};

// A track a participant sends, as its publish answer negotiated it.
struct PublishedTrackConfig {
  std::string track_id;
  std::string kind;    // "audio" | "video"
  std::string source;  // "camera" | "microphone" | "screen" | "screen_audio"
  std::string mid;
  std::vector<CodecConfig> codecs;  // first is the one the browser sends
  std::vector<uint32_t> ssrcs;      // from a=ssrc; may be empty (learned by mid)
  // Simulcast (RFC 8853): the rids the answer accepted, lowest quality first (the SDK lists its
  // encodings that way). Each is one layer whose SSRC is learnt from the rid/repaired-rid
  // header extensions (RFC 8852). Empty: one stream, or one layer per announced SSRC.
  std::vector<std::string> rids;
  std::optional<uint32_t> rtx_ssrc;
  uint8_t mid_extension_id = 0;  // 0: not negotiated
  uint8_t abs_send_time_extension_id = 0;
  uint8_t twcc_extension_id = 0;
  uint8_t audio_level_extension_id = 0;   // RFC 6464, audio tracks
  uint8_t rid_extension_id = 0;           // RFC 8852 rtp-stream-id
  uint8_t repaired_rid_extension_id = 0;  // RFC 8852 repaired-rtp-stream-id (on RTX)
  bool muted = false;
};

// How the subscriber shows one remote track (docs/protocol.md, `track_view`): hidden video is
// paused; a shown one gets the smallest layer that covers its size in CSS pixels (0: unknown,
// the best layer the estimate allows).
struct TrackView {
  std::string track_id;
  bool visible = true;
  uint32_t width = 0;
  uint32_t height = 0;
};

// One m-line of a participant's subscriber connection, carrying another participant's track.
struct SubscriptionConfig {
  std::string mid;
  std::string publisher_id;
  std::string track_id;
  uint32_t ssrc = 0;
  std::optional<uint32_t> rtx_ssrc;
  CodecConfig codec;  // the codec offered on this m-line (same payload type numbers)
  // The transport-wide sequence number extension as the subscriber's answer kept it (0: none):
  // every packet then carries one, and the subscriber's feedback drives its estimate.
  uint8_t twcc_extension_id = 0;
  // How the client shows the track, when it said so before the m-line's answer came (its
  // `track_view` can overtake the answer): a new subscription starts with it.
  std::optional<TrackView> view = std::nullopt;
};

// One subscriber connection's quality figures (docs/protocol.md, `get_stats`).
struct SubscriberTrackStats {
  std::string track_id;
  std::string kind;
  int layer = -1;         // spatial layer forwarded (-1: none, paused or waiting)
  int target_layer = -1;  // the one the allocator chose
  // Of the spatial layer: the highest temporal layer forwarded now and the one chosen (0: the
  // base frame rate only; the top one: all of them; 0 for a stream without temporal layers).
  int temporal_layer = -1;
  int target_temporal_layer = -1;
  bool paused = false;
  uint64_t packets_sent = 0;
  TrackView view;  // what the allocator goes by (track_id left empty)
  // Of the publisher's video: each selectable layer's height from its last keyframe (0:
  // unknown yet) and whether it is sent now.
  struct Layer {
    uint16_t height = 0;
    bool active = false;
  };
  std::vector<Layer> layers;
};
struct SubscriberStats {
  int64_t estimate_bps = 0;  // 0 before its first transport-wide feedback
  double loss_fraction = 0;
  int64_t rtt_ms = 0;
  uint64_t probes_sent = 0;
  uint64_t probes_succeeded = 0;
  std::vector<SubscriberTrackStats> tracks;
};

}  // namespace meet::engine
