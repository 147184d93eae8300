#include "signal/session.hpp"

#include <algorithm>
#include <random>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "engine/media_capabilities.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/sdp/sdp_negotiator.hpp"
#include "rtc/sdp/session_description.hpp"
#include "signal/room_registry.hpp"

namespace meet::signal {
namespace {

using nlohmann::json;
constexpr auto kJoinTimeout = std::chrono::seconds(10);
constexpr auto kIdleTimeout = std::chrono::seconds(30);
// Tracks one participant may publish at once (camera, microphone, a screen and its audio,
// with room to spare). Each costs a packet cache of up to 768 KiB on the server.
constexpr size_t kMaxPublishedTracks = 8;

int64_t unix_now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string token_error_code(TokenError e) {
  return e == TokenError::kExpired ? "token_expired" : "invalid_token";
}

uint32_t random_ssrc() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<uint32_t>(1, 0xfffffff0)(rng);
}

engine::CodecConfig to_codec(const rtc::SdpCodec& c, std::optional<uint8_t> rtx) {
  return engine::CodecConfig{c.payload_type, c.name,    c.clock_rate, c.channels,
                             c.fmtp,         c.rtcp_fb, rtx};
}

}  // namespace

Session::Session(SessionEnvironment& env, std::shared_ptr<http::WebSocketConnection> ws)
    : env_(env), ws_(std::move(ws)), idle_timer_(env.io) {}

Session::~Session() = default;

void Session::start() {
  idle_timer_.expires_after(kJoinTimeout);
  idle_timer_.async_wait([weak = weak_from_this()](auto ec) {
    auto self = weak.lock();
    if (ec || !self || self->joined_ || self->waiting_ || self->closed_) return;
    self->reply_error(nullptr, "join_timeout", "no join within 10 s");
    self->closed_ = true;
    self->ws_->close(1008, "join_timeout");
  });
}

void Session::arm_idle_timer() {
  idle_timer_.expires_after(kIdleTimeout);
  idle_timer_.async_wait([weak = weak_from_this()](auto ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_) return;
    self->disconnect(engine::DisconnectReason::kTimeout);
  });
}

void Session::on_message(std::string_view text) {
  if (closed_) return;
  switch (rate_limit_.on_message(std::chrono::steady_clock::now())) {
    case MessageRateLimit::Verdict::kHandle:
      break;
    case MessageRateLimit::Verdict::kReject:
      reply_error(nullptr, "rate_limited", "more than 50 messages per second");
      return;
    case MessageRateLimit::Verdict::kDrop:
      return;
    case MessageRateLimit::Verdict::kDisconnect:
      drop_abusive("rate_limited", "flooding: disconnected", http::kWsPolicyViolation);
      return;
  }
  auto msg = parse_client_message(text);
  if (!msg) {
    if (msg.error().code == "too_large") {
      on_message_too_large();
      return;
    }
    send_text(error_json(msg.error()));
    return;
  }
  if (joined_ || waiting_) arm_idle_timer();
  handle(msg.value());
}

void Session::handle(const ClientMessage& m) {
  using T = MessageType;
  if (waiting_ && m.type != T::kPing && m.type != T::kLeave && m.type != T::kJoin) {
    reply_error(m.id, "not_joined", "waiting in the lobby");
    return;
  }
  if (!joined_ && !waiting_ && m.type != T::kJoin) {
    reply_error(m.id, "not_joined", "send join first");
    return;
  }
  switch (m.type) {
    case T::kJoin:
      on_join(m);
      break;
    case T::kPublish:
      on_publish(m);
      break;
    case T::kSubscriberAnswer:
      on_subscriber_answer(m);
      break;
    case T::kUnpublish:
      on_unpublish(m);
      break;
    case T::kMute:
      on_mute(m);
      break;
    case T::kMuteParticipant:
      on_mute_participant(m);
      break;
    case T::kRemoveParticipant:
      on_remove_participant(m);
      break;
    case T::kChat:
      on_chat(m);
      break;
    case T::kAdmit:
    case T::kDeny:
      on_lobby_decision(m);
      break;
    case T::kTrackView:
      on_track_view(m);
      break;
    case T::kGetStats:
      on_get_stats(m);
      break;
    case T::kTrickle:
      break;  // ICE-lite: we learn addresses from connectivity checks
    case T::kPing:
      send(json{{"type", "pong"}, {"id", m.id}});
      break;
    case T::kLeave:
      disconnect(engine::DisconnectReason::kLeft);
      break;
  }
}

void Session::on_join(const ClientMessage& m) {
  if (joined_ || waiting_) {
    reply_error(m.id, "already_joined", "this socket already joined");
    return;
  }
  auto claims = verify_join_token(m.token, env_.token_secret, unix_now_s());
  if (!claims) {
    reply_error(m.id, token_error_code(claims.error()), "join token rejected");
    closed_ = true;
    ws_->close(1008, "invalid token");
    return;
  }
  claims_ = std::move(claims).value();
  room_ = claims_.room;
  // Tokens with an issuer were minted by the API for one of its meetings: the meeting must
  // exist and have room. Development tokens (`meet token`) have none and name any room.
  std::string err;
  if (!claims_.issuer.empty()) err = env_.admit(room_, env_.rooms.participant_count(room_));
  if (!err.empty()) {
    logger("signal")->info("join refused room={} identity={} code={}", room_, claims_.identity,
                           err);
    refuse_join(m.id, err, "the meeting cannot take this participant");
    return;
  }
  pid_ = "p_" + sha256_hex(random_token(16)).substr(0, 12);
  policy_ = claims_.issuer.empty() ? env_.default_policy : env_.meeting_policy(room_);
  if (policy_.lobby && !claims_.grants.moderator) {
    wait_in_lobby(m.id);
  } else {
    enter_room(m.id);
  }
}

void Session::wait_in_lobby(const json& join_id) {
  waiting_ = true;
  join_id_ = join_id;
  env_.rooms.lobby().add(room_, *this);
  arm_idle_timer();
  logger("signal")->info("participant waiting room={} participant={} identity={}", room_, pid_,
                         claims_.identity);
  send(json{{"type", "lobby"}, {"id", join_id}, {"participant", lobby_json()}});
  env_.rooms.broadcast_to_moderators(
      room_, json{{"type", "lobby_request"}, {"participant", lobby_json()}});
}

void Session::on_lobby_decision(const ClientMessage& m) {
  if (!claims_.grants.moderator) {
    reply_error(m.id, "not_allowed", "token has no moderator grant");
    return;
  }
  Session* guest = env_.rooms.lobby().take(room_, m.participant_id);
  if (!guest) {
    reply_error(m.id, "not_found", "nobody with that id is waiting");
    return;
  }
  const bool admit = m.type == MessageType::kAdmit;
  reply_ok(m.id);
  env_.rooms.broadcast_to_moderators(room_, json{{"type", "lobby_left"},
                                                 {"participant_id", m.participant_id},
                                                 {"reason", admit ? "admitted" : "denied"}});
  guest->leave_lobby(admit);
}

void Session::leave_lobby(bool admitted) {
  waiting_ = false;
  if (admitted) {
    if (!claims_.issuer.empty()) {
      if (auto err = env_.admit(room_, env_.rooms.participant_count(room_)); !err.empty()) {
        refuse_join(join_id_, err, "the meeting cannot take this participant");
        return;
      }
    }
    enter_room(join_id_);
    return;
  }
  refuse_join(join_id_, "lobby_denied", "a host turned the request down");
}

void Session::refuse_join(const json& join_id, const std::string& code,
                          const std::string& message) {
  reply_error(join_id, code, message);
  closed_ = true;
  idle_timer_.cancel();
  ws_->close(1008, code);
}

void Session::enter_room(const json& join_id) {
  joined_at_ms_ = unix_now_ms();
  if (auto refused = env_.rooms.join(room_, *this); !refused.empty()) {
    refuse_join(join_id, refused, "the meeting is closed");
    return;
  }
  joined_ = true;
  arm_idle_timer();
  env_.engine.add_participant(room_, pid_, weak_from_this());
  logger("signal")->info("participant joined room={} participant={} identity={}", room_, pid_,
                         claims_.identity);

  json others = json::array();
  for (auto* s : env_.rooms.sessions(room_)) {
    if (s != this) others.push_back(s->participant_json());
  }
  const auto& g = claims_.grants;
  json room = {{"id", room_},
               {"features", policy_.features},
               {"participants", others},
               {"chat", env_.rooms.chat_history(room_)}};
  if (g.moderator) room["lobby"] = env_.rooms.lobby().to_json(room_);
  send(json{{"type", "joined"},
            {"id", join_id},
            {"participant",
             {{"id", pid_},
              {"identity", claims_.identity},
              {"name", claims_.name},
              {"grants",
               {{"publish", g.publish},
                {"subscribe", g.subscribe},
                {"publish_data", g.publish_data},
                {"record", g.record},
                {"moderator", g.moderator}}}}},
            {"room", room},
            {"ice_servers", env_.ice_servers(claims_.identity)}});
  env_.rooms.broadcast(
      room_, json{{"type", "participant_joined"}, {"participant", participant_json()}}, pid_);
  refresh_subscriptions();
}

void Session::on_publish(const ClientMessage& m) {
  if (!claims_.grants.publish) {
    reply_error(m.id, "not_allowed", "token has no publish grant");
    return;
  }
  for (const auto& t : m.tracks) {
    if ((t.source == "screen" || t.source == "screen_audio") && !has_feature("screen_share")) {
      reply_error(m.id, "not_allowed", "screen sharing is off in this meeting");
      return;
    }
  }
  auto offer = rtc::SessionDescription::parse(m.sdp);
  if (!offer) {
    reply_error(m.id, "bad_sdp", "offer does not parse");
    return;
  }
  bool first = publisher_transport_.local_ufrag.empty();
  if (first) {
    auto creds = rtc::IceCredentials::generate();
    publisher_transport_.local_ufrag = creds.ufrag;
    publisher_transport_.local_pwd = creds.pwd;
  }
  rtc::LocalTransportParams local{publisher_transport_.local_ufrag, publisher_transport_.local_pwd,
                                  env_.engine.fingerprint_sha256(),
                                  env_.engine.candidates_for(room_)};
  // Simulcast is accepted: the engine forwards one layer per subscriber (issue 17).
  auto answer = rtc::answer_publish_offer(offer.value(), local, engine::publish_capabilities());
  if (!answer) {
    reply_error(m.id, "bad_sdp", std::string(rtc::to_string(answer.error().code)));
    return;
  }
  const auto& a = answer.value();
  const auto receiving = std::count_if(a.media.begin(), a.media.end(), [](const auto& media) {
    return media.state == rtc::PublishedMediaState::kReceiving && !media.codecs.empty();
  });
  if (static_cast<size_t>(receiving) > kMaxPublishedTracks) {
    reply_error(m.id, "too_many_tracks",
                "at most " + std::to_string(kMaxPublishedTracks) + " tracks per participant");
    return;
  }
  bool transport_changed = a.remote.ice_ufrag != publisher_transport_.remote_ufrag;
  publisher_transport_.remote_ufrag = a.remote.ice_ufrag;
  publisher_transport_.remote_pwd = a.remote.ice_pwd;
  publisher_transport_.remote_fingerprint_algorithm = a.remote.fingerprint.algorithm;
  publisher_transport_.remote_fingerprint = a.remote.fingerprint.value;
  if (transport_changed) {
    env_.engine.set_transport(room_, pid_, engine::TransportKind::kPublisher, publisher_transport_);
  }

  std::map<std::string, PublishedTrack> next;
  std::vector<engine::TrackInfo> added;
  for (const auto& media : a.media) {
    if (media.state != rtc::PublishedMediaState::kReceiving || media.codecs.empty()) continue;
    std::string source = media.kind == "audio" ? "microphone" : "camera";
    for (const auto& t : m.tracks) {
      if (t.mid == media.mid) source = t.source;
    }
    auto& track_id = track_by_mid_[media.mid];
    bool is_new = track_id.empty() || !published_.count(track_id);
    // Track ids are unique in the room: the participant id's random part plus a counter.
    if (track_id.empty()) track_id = "t_" + pid_.substr(2) + "_" + std::to_string(next_track_++);
    PublishedTrack t;
    if (!is_new) t = published_[track_id];
    t.info = engine::TrackInfo{track_id, media.kind, source, t.info.muted};
    t.config.track_id = track_id;
    t.config.kind = media.kind;
    t.config.mid = media.mid;
    t.config.codecs.clear();
    for (const auto& c : media.codecs)
      t.config.codecs.push_back(to_codec(c.codec, c.rtx_payload_type));
    t.config.ssrcs.clear();
    t.config.rtx_ssrc.reset();
    for (const auto& s : media.ssrcs) {
      t.config.ssrcs.push_back(s.ssrc);
      if (s.rtx_ssrc && !t.config.rtx_ssrc) t.config.rtx_ssrc = s.rtx_ssrc;
    }
    t.config.mid_extension_id = media.extmap_ids.mid;
    t.config.abs_send_time_extension_id = media.extmap_ids.abs_send_time;
    t.config.twcc_extension_id = media.extmap_ids.transport_cc;
    t.config.audio_level_extension_id = media.extmap_ids.audio_level;
    t.config.rid_extension_id = media.extmap_ids.rid;
    t.config.repaired_rid_extension_id = media.extmap_ids.repaired_rid;
    t.config.rids = media.rids;
    t.config.source = source;
    t.config.muted = t.info.muted;
    if (is_new) added.push_back(t.info);
    next[track_id] = std::move(t);
  }
  std::vector<std::string> removed;
  for (const auto& [id, t] : published_) {
    if (!next.count(id)) removed.push_back(id);
  }
  published_ = std::move(next);
  json answer_tracks = json::array();
  for (const auto& [id, t] : published_) {
    answer_tracks.push_back({{"mid", t.config.mid},
                             {"track_id", id},
                             {"kind", t.info.kind},
                             {"source", t.info.source}});
  }
  send(json{{"type", "answer"}, {"id", m.id}, {"sdp", a.sdp}, {"tracks", answer_tracks}});
  push_published_tracks();
  for (const auto& info : added) {
    env_.rooms.broadcast(
        room_,
        json{{"type", "track_published"}, {"participant_id", pid_}, {"track", track_json(info)}},
        pid_);
  }
  for (const auto& id : removed) {
    env_.rooms.broadcast(
        room_, json{{"type", "track_unpublished"}, {"participant_id", pid_}, {"track_id", id}},
        pid_);
  }
  if (!added.empty() || !removed.empty()) env_.rooms.tracks_changed(room_);
}

void Session::push_published_tracks() {
  std::vector<engine::PublishedTrackConfig> configs;
  for (const auto& [id, t] : published_) configs.push_back(t.config);
  env_.engine.set_published_tracks(room_, pid_, std::move(configs));
}

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
    if (slot.active && !wanted.count({slot.publisher_id, slot.track_id})) {
      slot.active = false;
      changed = true;
    }
    wanted.erase({slot.publisher_id, slot.track_id});
  }
  for (const auto& [key, t] : wanted) {
    SubscriberSlot slot;
    slot.mid = std::to_string(slots_.size());
    slot.publisher_id = key.first;
    slot.track_id = key.second;
    slot.kind = t->info.kind;
    slot.config.mid = slot.mid;
    slot.config.publisher_id = key.first;
    slot.config.track_id = key.second;
    slot.config.ssrc = random_ssrc();
    slot.config.codec = t->config.codecs.front();
    if (slot.config.codec.rtx_payload_type) slot.config.rtx_ssrc = random_ssrc();
    slots_.push_back(std::move(slot));
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
  if (sub_ufrag_.empty()) {
    auto creds = rtc::IceCredentials::generate();
    sub_ufrag_ = creds.ufrag;
    sub_pwd_ = creds.pwd;
  }
  std::vector<rtc::OfferedTrack> tracks;
  json mapping = json::array();
  for (const auto& s : slots_) {
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
    reply_error(m.id, "unexpected", "no subscriber offer is outstanding");
    return;
  }
  auto parsed = rtc::SessionDescription::parse(m.sdp);
  if (!parsed) {
    reply_error(m.id, "bad_sdp", "answer does not parse");
    return;
  }
  auto info = rtc::read_subscriber_answer(parsed.value());
  if (!info) {
    reply_error(m.id, "bad_sdp", std::string(rtc::to_string(info.error().code)));
    return;
  }
  offer_outstanding_ = false;
  if (!subscriber_transport_set_) {
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
  }
  std::vector<engine::SubscriptionConfig> subs;
  for (auto& s : slots_) {
    if (!s.active) continue;
    const auto* answered = info->find(s.mid);
    s.config.twcc_extension_id = answered ? answered->extmap_ids.transport_cc : 0;
    subs.push_back(s.config);
  }
  env_.engine.set_subscriptions(room_, pid_, std::move(subs));
  if (offer_dirty_) send_subscriber_offer();
}

void Session::on_unpublish(const ClientMessage& m) {
  auto it = published_.find(m.track_id);
  if (it == published_.end()) {
    reply_error(m.id, "not_found", "no such track of yours");
    return;
  }
  track_by_mid_.erase(it->second.config.mid);
  published_.erase(it);
  push_published_tracks();
  reply_ok(m.id);
  env_.rooms.broadcast(
      room_,
      json{{"type", "track_unpublished"}, {"participant_id", pid_}, {"track_id", m.track_id}},
      pid_);
  env_.rooms.tracks_changed(room_);
}

bool Session::set_track_muted(const std::string& track_id, bool muted, const std::string& by) {
  auto it = published_.find(track_id);
  if (it == published_.end()) return false;
  it->second.info.muted = muted;
  it->second.config.muted = muted;
  env_.engine.set_track_muted(room_, pid_, track_id, muted);
  json event{
      {"type", "track_muted"}, {"participant_id", pid_}, {"track_id", track_id}, {"muted", muted}};
  if (!by.empty()) event["by"] = by;
  env_.rooms.broadcast(room_, event, by.empty() ? pid_ : "");
  return true;
}

void Session::on_mute(const ClientMessage& m) {
  if (!set_track_muted(m.track_id, m.muted, "")) {
    reply_error(m.id, "not_found", "no such track of yours");
    return;
  }
  reply_ok(m.id);
}

void Session::on_mute_participant(const ClientMessage& m) {
  if (!claims_.grants.moderator) {
    reply_error(m.id, "not_allowed", "token has no moderator grant");
    return;
  }
  auto* target = env_.rooms.find(room_, m.participant_id);
  if (!target || !target->set_track_muted(m.track_id, true, pid_)) {
    reply_error(m.id, "not_found", "no such participant or track");
    return;
  }
  reply_ok(m.id);
}

void Session::on_remove_participant(const ClientMessage& m) {
  if (!claims_.grants.moderator) {
    reply_error(m.id, "not_allowed", "token has no moderator grant");
    return;
  }
  auto* target = env_.rooms.find(room_, m.participant_id);
  if (!target) {
    reply_error(m.id, "not_found", "no such participant");
    return;
  }
  target->disconnect(engine::DisconnectReason::kRemoved);
  reply_ok(m.id);
}

void Session::on_transport_connected(engine::TransportKind kind) {
  logger("signal")->debug("transport up participant={}", pid_);
}

void Session::on_speakers_changed(const std::string& active,
                                  const std::vector<std::string>& speaking) {
  send(json{{"type", "active_speaker"},
            {"participant_id", active.empty() ? json(nullptr) : json(active)},
            {"speaking", speaking}});
}

void Session::on_transport_failed(engine::TransportKind kind, const std::string& reason) {
  logger("signal")->info("transport failed participant={} reason={}", pid_, reason);
  // A peer that closed its DTLS association has left (its page closed the connection);
  // anything else (consent expired, handshake failure) is a lost participant.
  bool closed_by_peer = reason.find("closed by peer") != std::string::npos;
  disconnect(closed_by_peer ? engine::DisconnectReason::kLeft : engine::DisconnectReason::kTimeout);
}

void Session::disconnect(engine::DisconnectReason why) {
  if (closed_) return;
  if (why != engine::DisconnectReason::kLeft) {
    send(json{{"type", "disconnected"}, {"reason", engine::to_string(why)}});
  }
  closed_ = true;
  leave(why);
  ws_->close(1000, engine::to_string(why));
}

void Session::on_message_too_large() {
  drop_abusive("too_large", "message over 64 KiB", http::kWsMessageTooBig);
}

void Session::drop_abusive(const std::string& code, const std::string& message,
                           uint16_t close_code) {
  if (closed_) return;
  reply_error(nullptr, code, message);
  closed_ = true;
  // TODO(issue 18 item 5): a typed reason of its own once reasons leave engine strings.
  leave(engine::DisconnectReason::kRemoved);
  ws_->close(close_code, code);
}

void Session::on_close() {
  closed_ = true;
  idle_timer_.cancel();
  leave(engine::DisconnectReason::kLeft);
}

void Session::leave(engine::DisconnectReason why) {
  if (waiting_) {
    waiting_ = false;
    idle_timer_.cancel();
    env_.rooms.lobby().remove(room_, *this);
    env_.rooms.broadcast_to_moderators(
        room_, json{{"type", "lobby_left"}, {"participant_id", pid_}, {"reason", "left"}});
    return;
  }
  if (!joined_) return;
  joined_ = false;
  idle_timer_.cancel();
  env_.engine.remove_participant(room_, pid_);
  env_.rooms.leave(room_, *this, why);
  logger("signal")->info("participant left room={} participant={} reason={}", room_, pid_,
                         engine::to_string(why));
  env_.rooms.broadcast(room_, json{{"type", "participant_left"}, {"participant_id", pid_}});
  env_.rooms.tracks_changed(room_);
}

void Session::send_text(const std::string& text) {
  if (!closed_) ws_->send(text);
}

void Session::reply_error(const json& id, const std::string& code, const std::string& message) {
  send_text(error_json(SignalError{code, message, id}));
}

void Session::on_chat(const ClientMessage& m) {
  if (!claims_.grants.publish_data) {
    reply_error(m.id, "not_allowed", "token has no publish_data grant");
    return;
  }
  if (!has_feature("chat")) {
    reply_error(m.id, "not_allowed", "chat is off in this meeting");
    return;
  }
  ChatLine line{"msg_" + sha256_hex(random_token(16)).substr(0, 16),
                pid_,
                claims_.identity,
                claims_.name,
                m.text,
                unix_now_ms()};
  reply_ok(m.id);
  env_.rooms.broadcast(room_, json{{"type", "chat"}, {"message", line.to_json()}});
  if (!claims_.issuer.empty() && env_.chat_sent) env_.chat_sent(room_, line);
  env_.rooms.add_chat(room_, std::move(line));
}

bool Session::has_feature(std::string_view feature) const {
  const auto& f = policy_.features;
  return std::find(f.begin(), f.end(), feature) != f.end();
}

void Session::reply_ok(const json& id) {
  send(json{{"type", "ok"}, {"id", id}});
}

std::vector<const PublishedTrack*> Session::published_tracks() const {
  std::vector<const PublishedTrack*> out;
  for (const auto& [id, t] : published_) out.push_back(&t);
  return out;
}

json Session::track_json(const engine::TrackInfo& t) {
  return json{{"id", t.id}, {"kind", t.kind}, {"source", t.source}, {"muted", t.muted}};
}

json Session::participant_json() const {
  json tracks = json::array();
  for (const auto& [id, t] : published_) tracks.push_back(track_json(t.info));
  return json{
      {"id", pid_}, {"identity", claims_.identity}, {"name", claims_.name}, {"tracks", tracks}};
}

json Session::lobby_json() const {
  return json{{"id", pid_}, {"identity", claims_.identity}, {"name", claims_.name}};
}

engine::ParticipantInfo Session::info() const {
  engine::ParticipantInfo p{pid_, claims_.identity, claims_.name, joined_at_ms_, {}};
  for (const auto& [id, t] : published_) p.tracks.push_back(t.info);
  return p;
}

}  // namespace meet::signal
