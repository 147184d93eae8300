#pragma once
// The SFU's offer on a subscribe peer connection: one sendonly m= section per forwarded track
// (JSEP RFC 8829 section 5.2), ICE-lite, BUNDLE, rtcp-mux, a=setup:actpass so the browser
// answers active and we stay the DTLS server. Modeled on Janus's offer that Firefox and
// Chromium accept (tests/rtc/sdp/fixtures/firefox_sub_janus_offer.sdp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rtc/sdp/local_transport_params.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::rtc {

struct OfferedTrack {
  std::string mid;   // stable for the life of the m= section; unique in the offer
  std::string kind;  // "audio" or "video"
  // false: the section stays (port 9, bundled) as a=inactive, without msid or ssrc, ready to be
  // reused for another track under the same mid. A bundled section cannot have port 0.
  bool active = true;
  // true: the section is retired (JSEP section 5.2.2): port 0, out of the BUNDLE group, only
  // its mid and one codec left. Wins over `active`.
  bool removed = false;
  std::string stream_id;  // a=msid stream; empty writes "-" (no stream, RFC 8830 section 2)
  std::string track_id;
  SdpCodec codec;                 // payload type, name, clock, channels, fmtp and rtcp-fb to offer
  std::optional<uint8_t> rtx_pt;  // offered as <pt> rtx/<clock> apt=<codec pt>
  uint32_t ssrc = 0;
  std::optional<uint32_t> rtx_ssrc;  // a=ssrc-group:FID <ssrc> <rtx_ssrc>
  std::string cname;                 // empty: stream_id, or "meet" when that is empty too
  std::vector<SdpExtmap> extmaps;
};

// The offer as a structure (for tests and for keeping what was offered) and as text.
// Preconditions (asserted, they are engine bugs): at least one track that is not removed,
// non-empty unique mids, and mid/kind/stream_id/track_id without spaces (PublishedMedia's
// values qualify). The engine therefore sends the first subscriber offer only once there
// is a track, and keeps the last section inactive rather than removed. The o= session id is
// derived from `local.ice_ufrag` so it stays the same across renegotiations of one connection;
// `session_version` must grow with each offer (RFC 3264 section 8). Also the engine's to keep,
// as browsers enforce them: the order of sections across offers (JSEP section 5.2.2: append new
// tracks, reuse an inactive section or retire one in place; a retired section that is recycled
// takes a new mid), and one meaning per payload type across bundled sections (a BUNDLE payload
// type collision is rejected).
SessionDescription make_subscriber_offer(const std::vector<OfferedTrack>& tracks,
                                         const LocalTransportParams& local,
                                         uint64_t session_version);
std::string build_subscriber_offer(const std::vector<OfferedTrack>& tracks,
                                   const LocalTransportParams& local, uint64_t session_version);

}  // namespace meet::rtc
