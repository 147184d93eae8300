#pragma once
// One m= section of a session description (RFC 8866 section 5.14) with the WebRTC attributes
// the SFU uses, parsed. Plain data: SDP is on the control path, so it owns its strings.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/sdp_codec.hpp"
#include "rtc/sdp/sdp_direction.hpp"
#include "rtc/sdp/sdp_simulcast.hpp"

namespace meet::rtc {

// a=extmap:<id>[/<direction>] <uri> [<attributes>] (RFC 8285 section 8).
struct SdpExtmap {
  uint8_t id = 0;  // 1..255 (1..14 one-byte form, 15..255 need a=extmap-allow-mixed)
  std::string uri;
  std::optional<SdpDirection> direction;  // absent means sendrecv
  std::string attributes;                 // extension attributes after the URI, raw
  bool operator==(const SdpExtmap&) const = default;
};

// The a=ssrc:<ssrc> lines of one SSRC (RFC 5576 section 4.1); other attributes are dropped.
struct SdpSsrc {
  uint32_t ssrc = 0;
  std::string cname;
  std::string msid;  // raw "stream track" value of a=ssrc:<ssrc> msid:
  bool operator==(const SdpSsrc&) const = default;
};

// a=ssrc-group:<semantics> <ssrc>... (RFC 5576 section 4.2), e.g. FID primary rtx.
struct SdpSsrcGroup {
  std::string semantics;
  std::vector<uint32_t> ssrcs;
  bool operator==(const SdpSsrcGroup&) const = default;
};

enum class SdpRidDirection : uint8_t { kSend, kRecv };

// a=rid:<id> <send|recv> [<params>] (RFC 8851 section 10).
struct SdpRid {
  std::string id;
  SdpRidDirection direction = SdpRidDirection::kSend;
  std::string params;  // raw restrictions, e.g. "pt=96;max-width=1280"
  bool operator==(const SdpRid&) const = default;
};

// a=fingerprint:<algorithm> <value> (RFC 8122 section 5).
struct SdpFingerprint {
  std::string algorithm;  // as written, e.g. "sha-256"
  std::string value;      // "AB:CD:..."
  bool empty() const { return algorithm.empty(); }
  bool operator==(const SdpFingerprint&) const = default;
};

struct SdpMedia {
  std::string kind;  // audio | video | application (others kept as written)
  uint16_t port = 9;
  std::string protocol = "UDP/TLS/RTP/SAVPF";
  std::vector<std::string> formats;     // <fmt> list of a non-RTP m= line ("webrtc-datachannel")
  std::string connection;               // raw c= value, e.g. "IN IP4 0.0.0.0"; empty if absent
  std::vector<std::string> bandwidths;  // raw b= values, e.g. "AS:2500"
  std::string mid;
  SdpDirection direction = SdpDirection::kSendRecv;  // resolved: media, else session, else sendrecv
  std::vector<SdpCodec> codecs;                      // RTP m= lines: in <fmt> order
  std::vector<SdpExtmap> extmaps;
  bool extmap_allow_mixed = false;
  std::string msid_stream;  // a=msid:<stream> <track> (RFC 8830)
  std::string msid_track;
  std::vector<SdpSsrc> ssrcs;  // in order of first appearance
  std::vector<SdpSsrcGroup> ssrc_groups;
  std::vector<SdpRid> rids;
  std::string simulcast;  // raw a=simulcast value, checked against the grammar when parsed
  std::string ice_ufrag;  // media-level only; SessionDescription resolves inheritance
  std::string ice_pwd;
  SdpFingerprint fingerprint;
  std::string setup;  // active | passive | actpass | holdconn, or empty
  bool rtcp_mux = false;
  bool rtcp_rsize = false;
  bool bundle_only = false;
  std::vector<std::string> candidates;  // full attribute values, "candidate:..."
  bool end_of_candidates = false;
  std::vector<std::string> attributes;  // other a= lines, raw text after "a="

  bool operator==(const SdpMedia&) const = default;

  // Protocol carries RTP (…RTP/AVP, …RTP/SAVPF…): formats are payload types.
  bool is_rtp() const;
  // Port 0 without a=bundle-only: the m= section is disabled (RFC 8843 section 6).
  bool is_rejected() const { return port == 0 && !bundle_only; }

  const SdpCodec* find_codec(uint8_t payload_type) const;
  // Payload type of the rtx codec whose a=fmtp apt= names `payload_type`, if any.
  std::optional<uint8_t> rtx_payload_type(uint8_t payload_type) const;
  const SdpExtmap* find_extmap(std::string_view uri) const;
  const SdpSsrc* find_ssrc(uint32_t ssrc) const;
  // Parsed a=simulcast; nullopt when there is none.
  std::optional<SdpSimulcast> simulcast_description() const;
};

}  // namespace meet::rtc
