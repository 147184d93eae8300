// Session: the subscriber side. The plan of m-lines and the offer/answer machine are
// SubscriberPlan's (subscriber_plan.hpp); here they meet the room, the wire and the engine.
#include "engine/media_capabilities.hpp"
#include "rtc/sdp/sdp_negotiator.hpp"
#include "rtc/sdp/session_description.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"

namespace meet::signal {

using nlohmann::json;

void Session::refresh_subscriptions() {
  if (!joined_ || closed_ || !claims_.grants.subscribe) return;
  // Wanted: every track of every other participant.
  WantedTracks wanted;
  for (auto* s : env_.rooms.sessions(room_)) {
    if (s == this) continue;
    for (const auto* t : s->published_tracks()) {
      wanted[{s->participant_id(), t->info.id}] =
          WantedTrack{t->info.kind, t->config.codecs.front()};
    }
  }
  if (plan_.update(wanted)) send_subscriber_offer();
}

void Session::send_subscriber_offer() {
  auto offer = plan_.take_offer();
  if (!offer) return;
  std::vector<rtc::OfferedTrack> tracks;
  json mapping = json::array();
  for (const auto& s : offer->slots) {
    rtc::OfferedTrack t;
    t.mid = s.mid;
    t.kind = s.kind;
    t.active = s.active;
    t.stream_id = s.publisher_id;
    t.track_id = s.track_id;
    const auto& c = s.config.codec;
    t.codec = rtc::SdpCodec{c.payload_type, c.name, c.clock_rate,
                            c.channels,     c.fmtp, engine::subscriber_feedback_for(c.rtcp_fb)};
    t.rtx_pt = c.rtx_payload_type;
    t.ssrc = s.config.ssrc;
    t.rtx_ssrc = s.config.rtx_ssrc;
    t.cname = s.publisher_id;
    t.extmaps = {rtc::SdpExtmap{engine::kSubscriberTwccExtensionId,
                                std::string(rtc::kExtmapUriTransportCc),
                                std::nullopt,
                                {}}};
    tracks.push_back(std::move(t));
    if (s.active) {
      mapping.push_back({{"mid", s.mid},
                         {"track_id", s.track_id},
                         {"participant_id", s.publisher_id},
                         {"kind", s.kind}});
    }
  }
  rtc::LocalTransportParams local{offer->ice_ufrag, offer->ice_pwd,
                                  env_.engine.fingerprint_sha256(),
                                  env_.engine.candidates_for(room_)};
  auto sdp = rtc::build_subscriber_offer(tracks, local, offer->version);
  send(json{{"type", "offer"}, {"sdp", sdp}, {"tracks", mapping}});
}

void Session::on_subscriber_answer(const ClientMessage& m) {
  if (!plan_.offer_outstanding()) {
    reply_error(m.id, ErrorCode::kUnexpected, "no subscriber offer is outstanding");
    return;
  }
  auto parsed = rtc::SessionDescription::parse(m.sdp);
  if (!parsed) {
    reply_error(m.id, ErrorCode::kBadSdp, "answer does not parse");
    return;
  }
  auto info = rtc::read_subscriber_answer(parsed.value());
  if (!info) {
    reply_error(m.id, ErrorCode::kBadSdp, std::string(rtc::to_string(info.error().code)));
    return;
  }
  auto answered = plan_.on_answer(info.value());
  if (!answered) return;  // checked above: an offer is outstanding
  if (answered->set_transport) {
    engine::TransportParams p;
    p.local_ufrag = answered->ice_ufrag;
    p.local_pwd = answered->ice_pwd;
    p.remote_ufrag = info->remote.ice_ufrag;
    p.remote_pwd = info->remote.ice_pwd;
    p.remote_fingerprint_algorithm = info->remote.fingerprint.algorithm;
    p.remote_fingerprint = info->remote.fingerprint.value;
    p.dtls_client = info->we_are_dtls_client();
    env_.engine.set_transport(room_, pid_, engine::TransportKind::kSubscriber, p);
  }
  env_.engine.set_subscriptions(room_, pid_, std::move(answered->subscriptions));
  send_subscriber_offer();  // if something changed meanwhile
}

}  // namespace meet::signal
