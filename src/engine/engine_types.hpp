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
  std::string kind;  // "audio" | "video"
  std::string mid;
  std::vector<CodecConfig> codecs;  // first is the one the browser sends
  std::vector<uint32_t> ssrcs;      // from a=ssrc; may be empty (learned by mid)
  std::optional<uint32_t> rtx_ssrc;
  uint8_t mid_extension_id = 0;  // 0: not negotiated
  uint8_t abs_send_time_extension_id = 0;
  uint8_t twcc_extension_id = 0;
  uint8_t audio_level_extension_id = 0;  // RFC 6464, audio tracks
  bool muted = false;
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
};

}  // namespace meet::engine
