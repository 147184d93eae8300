#include "signal/publish_negotiation.hpp"

#include "rtc/sdp/sdp_direction.hpp"

namespace meet::signal {
namespace {

engine::CodecConfig to_codec(const rtc::SdpCodec& c, std::optional<uint8_t> rtx) {
  return engine::CodecConfig{c.payload_type, c.name,    c.clock_rate, c.channels,
                             c.fmtp,         c.rtcp_fb, rtx};
}

bool receiving(const rtc::PublishedMedia& media) {
  return media.state == rtc::PublishedMediaState::kReceiving && !media.codecs.empty();
}

// An audio or video m-line the browser offers to send.
bool offers_to_send(const rtc::SdpMedia& m) {
  return (m.kind == "audio" || m.kind == "video") && !m.is_rejected() && rtc::sends(m.direction);
}

std::string source_of(const rtc::PublishedMedia& media, const std::vector<TrackSource>& sources) {
  for (const auto& t : sources) {
    if (t.mid == media.mid) return t.source;
  }
  return media.kind == "audio" ? "microphone" : "camera";
}

NegotiatedTrack track_of(const rtc::PublishedMedia& media, std::string source) {
  NegotiatedTrack t{media.mid, media.kind, std::move(source), {}};
  auto& c = t.config;
  c.kind = media.kind;
  c.mid = media.mid;
  c.source = t.source;
  for (const auto& codec : media.codecs)
    c.codecs.push_back(to_codec(codec.codec, codec.rtx_payload_type));
  for (const auto& s : media.ssrcs) {
    c.ssrcs.push_back(s.ssrc);
    if (s.rtx_ssrc && !c.rtx_ssrc) c.rtx_ssrc = s.rtx_ssrc;
  }
  c.mid_extension_id = media.extmap_ids.mid;
  c.abs_send_time_extension_id = media.extmap_ids.abs_send_time;
  c.twcc_extension_id = media.extmap_ids.transport_cc;
  c.audio_level_extension_id = media.extmap_ids.audio_level;
  c.rid_extension_id = media.extmap_ids.rid;
  c.repaired_rid_extension_id = media.extmap_ids.repaired_rid;
  c.rids = media.rids;
  return t;
}

}  // namespace

Result<PublishNegotiation, PublishError> negotiate_publish(const rtc::SessionDescription& offer,
                                                           const std::vector<TrackSource>& sources,
                                                           const rtc::LocalTransportParams& local,
                                                           const rtc::ServerCapabilities& caps,
                                                           const PublishPolicy& policy) {
  for (const auto& t : sources) {
    if ((t.source == "screen" || t.source == "screen_audio") && !policy.screen_share) {
      return make_error(
          PublishError{ErrorCode::kNotAllowed, "screen sharing is off in this meeting"});
    }
  }
  auto answer = rtc::answer_publish_offer(offer, local, caps);
  if (!answer) {
    return make_error(
        PublishError{ErrorCode::kBadSdp, std::string(rtc::to_string(answer.error().code))});
  }
  PublishNegotiation out{std::move(answer).value(), {}};
  size_t sending = 0;
  for (const auto& m : offer.media) sending += offers_to_send(m) ? 1 : 0;
  for (const auto& media : out.answer.media) {
    if (receiving(media)) out.tracks.push_back(track_of(media, source_of(media, sources)));
  }
  if (out.tracks.empty() && sending > 0) {
    return make_error(PublishError{ErrorCode::kBadSdp, "no_supported_codec"});
  }
  if (out.tracks.size() > policy.max_tracks) {
    return make_error(
        PublishError{ErrorCode::kTooManyTracks,
                     "at most " + std::to_string(policy.max_tracks) + " tracks per participant"});
  }
  return out;
}

}  // namespace meet::signal
