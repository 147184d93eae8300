// Session: the subscriber side: the plan of m-lines (one per track of the others; a track
// that goes away leaves its m-line inactive, and once an answer accepted it so, a new track
// of the same kind takes it over under the same mid) and the offer/answer machine, one offer
// outstanding at a time (docs/protocol.md).
#include <algorithm>
#include <random>

#include "engine/media_capabilities.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/sdp/sdp_negotiator.hpp"
#include "rtc/sdp/session_description.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"

namespace meet::signal {
namespace {

uint32_t random_ssrc() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<uint32_t>(1, 0xfffffff0)(rng);
}

}  // namespace

using nlohmann::json;

void Session::refresh_subscriptions() {
  if (!joined_ || closed_ || !claims_.grants.subscribe) return;
  // Wanted: every track of every other participant.
  std::map<std::pair<std::string, std::string>, const PublishedTrack*> wanted;
  for (auto* s : env_.rooms.sessions(room_)) {
    if (s == this) continue;
    for (const auto* t : s->published_tracks()) wanted[{s->participant_id(), t->info.id}] = t;
  }
  bool changed = false;
  for (auto& slot : slots_) {
    const bool want = wanted.erase({slot.publisher_id, slot.track_id}) > 0;
    if (slot.active != want) {  // gone, or back on the m-line it left (not yet reused)
      slot.active = want;
      slot.reusable = false;
      changed = true;
    }
  }
  for (const auto& [key, t] : wanted) {
    const auto kind = t->info.kind;  // (clang 14 cannot capture a structured binding)
    auto reuse = std::find_if(slots_.begin(), slots_.end(), [&](const SubscriberSlot& s) {
      return s.reusable && !s.active && s.kind == kind;
    });
    SubscriberSlot fresh;
    fresh.mid = std::to_string(slots_.size());
    SubscriberSlot& slot = reuse != slots_.end() ? *reuse : fresh;
    slot.active = true;
    slot.reusable = false;
    slot.config = engine::SubscriptionConfig{};
    slot.publisher_id = key.first;
    slot.track_id = key.second;
    slot.kind = t->info.kind;
    slot.config.mid = slot.mid;
    slot.config.publisher_id = key.first;
    slot.config.track_id = key.second;
    slot.config.ssrc = random_ssrc();
    slot.config.codec = t->config.codecs.front();
    if (slot.config.codec.rtx_payload_type) slot.config.rtx_ssrc = random_ssrc();
    if (reuse == slots_.end()) slots_.push_back(std::move(fresh));
    changed = true;
  }
  if (!changed) return;
  offer_dirty_ = true;
  if (!offer_outstanding_) send_subscriber_offer();
}

void Session::send_subscriber_offer() {
  bool any_active = false;
  for (const auto& s : slots_) any_active |= s.active;
  if (slots_.empty() || (!any_active && !subscriber_transport_set_)) return;
  if (sub_ufrag_.empty()) {  // first offer, or an ICE restart
    auto creds = rtc::IceCredentials::generate();
    sub_ufrag_ = creds.ufrag;
    sub_pwd_ = creds.pwd;
  }
  std::vector<rtc::OfferedTrack> tracks;
  json mapping = json::array();
  for (auto& s : slots_) {
    s.offered_active = s.active;
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
  rtc::LocalTransportParams local{sub_ufrag_, sub_pwd_, env_.engine.fingerprint_sha256(),
                                  env_.engine.candidates_for(room_)};
  auto sdp = rtc::build_subscriber_offer(tracks, local, ++offer_version_);
  offer_outstanding_ = true;
  offer_dirty_ = false;
  send(json{{"type", "offer"}, {"sdp", sdp}, {"tracks", mapping}});
}

void Session::on_subscriber_answer(const ClientMessage& m) {
  if (!offer_outstanding_) {
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
  offer_outstanding_ = false;
  if (!subscriber_transport_set_ || subscriber_ice_restart_) {
    engine::TransportParams p;
    p.local_ufrag = sub_ufrag_;
    p.local_pwd = sub_pwd_;
    p.remote_ufrag = info->remote.ice_ufrag;
    p.remote_pwd = info->remote.ice_pwd;
    p.remote_fingerprint_algorithm = info->remote.fingerprint.algorithm;
    p.remote_fingerprint = info->remote.fingerprint.value;
    p.dtls_client = info->we_are_dtls_client();
    env_.engine.set_transport(room_, pid_, engine::TransportKind::kSubscriber, p);
    subscriber_transport_set_ = true;
    subscriber_ice_restart_ = false;
  }
  std::vector<engine::SubscriptionConfig> subs;
  for (auto& s : slots_) {
    if (!s.active && !s.offered_active) s.reusable = true;
    if (!s.active) continue;
    const auto* answered = info->find(s.mid);
    s.config.twcc_extension_id = answered ? answered->extmap_ids.transport_cc : 0;
    subs.push_back(s.config);
  }
  env_.engine.set_subscriptions(room_, pid_, std::move(subs));
  if (offer_dirty_) send_subscriber_offer();
}

}  // namespace meet::signal
