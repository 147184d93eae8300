#pragma once
// Publish negotiation as a pure function (docs/protocol.md, `publish`): from the browser's
// parsed offer, the sources it names, our transport and capabilities, and the limits, to the
// answer and one track config per m-line the browser sends, or a typed error. No session
// state, no I/O: the session assigns track ids and keeps mute state around it.
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/engine_types.hpp"
#include "rtc/sdp/publish_answer.hpp"
#include "rtc/sdp/server_capabilities.hpp"
#include "signal/error_code.hpp"
#include "signal/signal_message.hpp"

namespace meet::signal {

// Tracks one participant may publish at once (camera, microphone, a screen and its audio,
// with room to spare): docs/protocol.md `too_many_tracks`, README "Limits".
inline constexpr size_t kMaxPublishedTracks = 8;

struct PublishPolicy {
  size_t max_tracks = kMaxPublishedTracks;
  bool screen_share = true;  // the meeting has the `screen_share` feature
};

struct PublishError {
  ErrorCode code;       // not_allowed, bad_sdp, too_many_tracks
  std::string message;  // for the client: the SDP error name or the limit
};

// One m-line the browser sends: its config for the engine without track id or mute state.
struct NegotiatedTrack {
  std::string mid;
  std::string kind;    // audio | video
  std::string source;  // camera | microphone | screen | screen_audio
  engine::PublishedTrackConfig config;
};

struct PublishNegotiation {
  rtc::PublishAnswer answer;
  std::vector<NegotiatedTrack> tracks;  // in offer order
};

// Refuses: a screen source without the feature (not_allowed); an offer the answerer refuses,
// e.g. no BUNDLE, missing ICE credentials or fingerprint, a=setup:passive (bad_sdp, the
// message names the SDP error); an offer whose sending m-lines all lack a codec we take
// (bad_sdp "no_supported_codec"); more sending m-lines than `policy.max_tracks`
// (too_many_tracks).
Result<PublishNegotiation, PublishError> negotiate_publish(const rtc::SessionDescription& offer,
                                                           const std::vector<TrackSource>& sources,
                                                           const rtc::LocalTransportParams& local,
                                                           const rtc::ServerCapabilities& caps,
                                                           const PublishPolicy& policy);

}  // namespace meet::signal
