#pragma once
// Answer to a browser's publish offer (JSEP RFC 8829 section 5.3): the SFU receives what the
// browser sends. ICE-lite, BUNDLE-only, rtcp-mux-only, DTLS server (a=setup:passive).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "rtc/sdp/header_extension_ids.hpp"
#include "rtc/sdp/local_transport_params.hpp"
#include "rtc/sdp/remote_transport.hpp"
#include "rtc/sdp/sdp_error.hpp"
#include "rtc/sdp/server_capabilities.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::rtc {

enum class PublishedMediaState : uint8_t {
  kReceiving,  // accepted, recvonly: the browser sends this track
  kInactive,   // accepted and bundled, but nothing flows: offer recvonly/inactive, or the
               // BUNDLE-tagged section without a codec in common (then `codecs` is empty)
  kRejected,   // port 0 in the answer (rejected in the offer, not bundled, data channel,
               // or no codec in common)
};

struct PublishedCodec {
  SdpCodec codec;  // as answered: offer's fmtp, rtcp-fb narrowed to ServerCapabilities
  std::optional<uint8_t> rtx_payload_type;
  bool operator==(const PublishedCodec&) const = default;
};

// One SSRC the browser announced (a=ssrc), with its RTX SSRC from an a=ssrc-group:FID.
struct PublishedSsrc {
  uint32_t ssrc = 0;
  std::optional<uint32_t> rtx_ssrc;
  bool operator==(const PublishedSsrc&) const = default;
};

// Machine-readable summary of one offered m= section, for the engine.
struct PublishedMedia {
  std::string mid;
  std::string kind;  // "audio", "video" or as offered
  PublishedMediaState state = PublishedMediaState::kRejected;
  std::string msid_stream;  // a=msid, or the first a=ssrc msid when there is no a=msid
  std::string msid_track;
  std::string cname;  // of the first announced SSRC; empty when none (e.g. Chromium simulcast)
  std::vector<PublishedCodec> codecs;  // answer order; codecs.front() is what the browser sends
  std::vector<PublishedSsrc> ssrcs;    // may be empty: rid-based simulcast announces none
  std::vector<std::string> rids;       // simulcast rids accepted, in the offer's order
  HeaderExtensionIds extmap_ids;       // ids the browser will use on this section
  bool operator==(const PublishedMedia&) const = default;
};

struct PublishAnswer {
  SessionDescription answer;
  std::string sdp;                    // answer.to_string()
  std::vector<PublishedMedia> media;  // one per offered m= section, in offer order
  RemoteTransport remote;             // browser's ICE ufrag/pwd and DTLS fingerprint
};

// Builds the answer to `offer`. Checks: a BUNDLE group naming a usable m= section
// (kNotBundled), a=mid on every section that is not rejected (kMissingMid), a=rtcp-mux on every
// bundled audio/video section (kNoRtcpMux), ICE credentials and a sha-256 fingerprint on the
// bundle transport (kMissingIceCredentials, kMissingFingerprint, kBadFingerprint), and a setup
// that lets us be the DTLS server: actpass, active or absent (kBadSetup). Per m= section:
// audio/video the browser sends is answered recvonly with the codecs we support in the
// offerer's order (with their RTX), only supported rtcp-fb and header extensions (same ids),
// and rids echoed as recv with a=simulcast:recv; recvonly/inactive offers are answered
// inactive; data channels, non-bundled and codec-less sections are rejected (port 0), except
// the offerer-tagged section, which carries the BUNDLE transport and cannot be rejected alone
// (RFC 8843 section 7.3.3): without a common codec it is answered inactive (state kInactive,
// no codecs in the summary); if it is a data channel the offer is refused (kBundleTagUnusable). The
// answer's o= line echoes the offer's session id and version (as Janus does); all candidates and
// a=end-of-candidates go in the first bundled section. Never throws; control thread.
Result<PublishAnswer, SdpError> answer_publish_offer(const SessionDescription& offer,
                                                     const LocalTransportParams& local,
                                                     const ServerCapabilities& caps);

}  // namespace meet::rtc
