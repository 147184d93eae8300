#include "signal/session.hpp"

#include <algorithm>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "engine/media_capabilities.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/sdp/sdp_negotiator.hpp"
#include "rtc/sdp/session_description.hpp"
#include "signal/publish_negotiation.hpp"
#include "signal/room_registry.hpp"

namespace meet::signal {
namespace {

using nlohmann::json;
constexpr auto kJoinTimeout = std::chrono::seconds(10);
constexpr auto kIdleTimeout = std::chrono::seconds(30);

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

}  // namespace

Session::Session(SessionEnvironment& env, std::shared_ptr<http::WebSocketConnection> ws)
    : env_(env), ws_(std::move(ws)), idle_timer_(env.io), grace_timer_(env.io) {}

Session::~Session() = default;

void Session::start() {
  idle_timer_.expires_after(kJoinTimeout);
  idle_timer_.async_wait([weak = weak_from_this()](auto ec) {
    auto self = weak.lock();
    if (ec || !self || self->joined_ || self->waiting_ || self->closed_) return;
    self->reply_error(nullptr, ErrorCode::kJoinTimeout, "no join within 10 s");
    self->closed_ = true;
    self->ws_->close(1008, "join_timeout");
  });
}

void Session::arm_idle_timer() {
  idle_timer_.expires_after(kIdleTimeout);
  idle_timer_.async_wait([weak = weak_from_this()](auto ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_ || self->suspended_) return;
    if (!self->joined_ || self->env_.resume_grace.count() <= 0) {
      self->disconnect(engine::DisconnectReason::kTimeout);
      return;
    }
    // A silent socket is as good as dropped: close it, keep the participant for a resume.
    self->send(json{{"type", "disconnected"}, {"reason", "timeout"}});
    self->ws_->close(1000, "timeout");
    self->suspend();
  });
}

void Session::on_message(std::string_view text) {
  if (resumed_into_) {
    resumed_into_->on_message(text);
    return;
  }
  if (closed_ || suspended_) return;
  switch (rate_limit_.on_message(std::chrono::steady_clock::now())) {
    case MessageRateLimit::Verdict::kHandle:
      break;
    case MessageRateLimit::Verdict::kReject:
      reply_error(nullptr, ErrorCode::kRateLimited, "more than 50 messages per second");
      return;
    case MessageRateLimit::Verdict::kDrop:
      return;
    case MessageRateLimit::Verdict::kDisconnect:
      drop_abusive(ErrorCode::kRateLimited, "flooding: disconnected", http::kWsPolicyViolation);
      return;
  }
  auto msg = parse_client_message(text);
  if (!msg) {
    if (msg.error().code == ErrorCode::kTooLarge) {
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
    reply_error(m.id, ErrorCode::kNotJoined, "waiting in the lobby");
    return;
  }
  if (!joined_ && !waiting_ && m.type != T::kJoin) {
    reply_error(m.id, ErrorCode::kNotJoined, "send join first");
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
    case T::kStartRecording:
    case T::kStopRecording:
      on_recording(m);
      break;
    case T::kHand:
      on_hand(m);
      break;
    case T::kAdmit:
    case T::kDeny:
      on_lobby_decision(m);
      break;
    case T::kIceRestart:
      on_ice_restart(m);
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
  if (joined_ || waiting_ || checking_) {
    reply_error(m.id, ErrorCode::kAlreadyJoined, "this socket already joined");
    return;
  }
  if (!m.resume.empty() && try_resume(m)) return;
  JoinLookups lookups{env_.token_secret, env_.admit, env_.meeting_policy, env_.default_policy};
  if (!env_.run_off_loop) {
    finish_join(m.id, check_join(lookups, m.token, unix_now_s()));
    return;
  }
  // The lookups may wait on the database: they run on the store's thread, and the answer
  // comes back to this loop. The session may be gone by then (socket closed meanwhile).
  checking_ = true;
  auto job = [lookups = std::move(lookups), token = m.token, now = unix_now_s(), id = m.id,
              self = weak_from_this(), &io = env_.io] {
    JoinCheck check = check_join(lookups, token, now);
    boost::asio::post(io, [self, id, check = std::move(check)]() mutable {
      if (auto session = self.lock()) session->finish_join(id, std::move(check));
    });
  };
  if (!env_.run_off_loop(std::move(job))) {
    checking_ = false;
    logger("signal")->warn("join refused reason=store queue full");
    refuse_join(m.id, ErrorCode::kRateLimited, "the server is busy; try again in a few seconds");
  }
}

void Session::finish_join(const json& join_id, JoinCheck check) {
  checking_ = false;
  if (closed_ || joined_ || waiting_) return;
  if (check.refused) {
    if (check.refusal_detail == "token") {
      reply_error(join_id, *check.refused, "join token rejected");
      closed_ = true;
      idle_timer_.cancel();
      ws_->close(1008, "invalid token");
      return;
    }
    logger("signal")->info("join refused room={} identity={} code={}", check.claims.room,
                           check.claims.identity, check.refusal_detail);
    refuse_join(join_id, *check.refused, "the meeting cannot take this participant");
    return;
  }
  claims_ = std::move(check.claims);
  room_ = claims_.room;
  policy_ = std::move(check.policy);
  max_participants_ = check.max_participants;
  if (room_is_full()) {
    logger("signal")->info("join refused room={} identity={} code=room_full", room_,
                           claims_.identity);
    refuse_join(join_id, ErrorCode::kRoomFull, "the meeting cannot take this participant");
    return;
  }
  env_.rooms.note_removed(room_, check.removed_identities);
  if (env_.rooms.was_removed(room_, claims_.identity)) {
    logger("signal")->info("join refused room={} identity={} code=removed", room_,
                           claims_.identity);
    refuse_join(join_id, ErrorCode::kRemoved, "a moderator removed this participant");
    return;
  }
  pid_ = "p_" + sha256_hex(random_token(16)).substr(0, 12);
  // After a removal, a new identity may be the removed person again (an open link hands out a
  // fresh identity per join): newcomers then knock like in a lobby meeting. Someone already
  // in the room (a reload replacing its own session) comes straight back.
  const bool after_removal =
      env_.rooms.had_removal(room_) && !env_.rooms.has_identity(room_, claims_.identity);
  if ((policy_.lobby || after_removal) && !claims_.grants.moderator) {
    wait_in_lobby(join_id);
  } else {
    enter_room(join_id);
  }
}

bool Session::room_is_full() const {
  return max_participants_ > 0 &&
         static_cast<int64_t>(env_.rooms.participant_count(room_)) >= max_participants_;
}

void Session::refuse_join(const json& join_id, ErrorCode code, const std::string& message) {
  reply_error(join_id, code, message);
  closed_ = true;
  idle_timer_.cancel();
  ws_->close(1008, std::string(to_string(code)));
}

void Session::enter_room(const json& join_id) {
  joined_at_ms_ = unix_now_ms();
  if (auto refused = env_.rooms.join(room_, *this)) {
    refuse_join(join_id, *refused, "the meeting is closed");
    return;
  }
  joined_ = true;
  arm_idle_timer();
  env_.engine.add_participant(room_, pid_, weak_from_this());
  logger("signal")->info("participant joined room={} participant={} identity={}", room_, pid_,
                         claims_.identity);

  issue_resume_token();
  send(joined_json(join_id, false));
  env_.rooms.broadcast(
      room_, json{{"type", "participant_joined"}, {"participant", participant_json()}}, pid_);
  refresh_subscriptions();
}

void Session::on_publish(const ClientMessage& m) {
  if (!claims_.grants.publish) {
    reply_error(m.id, ErrorCode::kNotAllowed, "token has no publish grant");
    return;
  }
  auto offer = rtc::SessionDescription::parse(m.sdp);
  if (!offer) {
    reply_error(m.id, ErrorCode::kBadSdp, "offer does not parse");
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
  const PublishPolicy policy{kMaxPublishedTracks, has_feature("screen_share")};
  const auto caps = engine::publish_capabilities();
  // Simulcast is accepted: the engine forwards one layer per subscriber (issue 17).
  auto negotiated = negotiate_publish(offer.value(), m.tracks, local, caps, policy);
  if (!first && negotiated &&
      negotiated->answer.remote.ice_ufrag != publisher_transport_.remote_ufrag) {
    // An ICE restart (new remote credentials): the answer must carry new ones too
    // (RFC 8839 section 4.4.1.1). The engine keeps DTLS when the fingerprint is unchanged.
    auto creds = rtc::IceCredentials::generate();
    local.ice_ufrag = creds.ufrag;
    local.ice_pwd = creds.pwd;
    negotiated = negotiate_publish(offer.value(), m.tracks, local, caps, policy);
  }
  if (!negotiated) {
    reply_error(m.id, negotiated.error().code, negotiated.error().message);
    return;
  }
  const auto& a = negotiated->answer;
  publisher_transport_.local_ufrag = local.ice_ufrag;
  publisher_transport_.local_pwd = local.ice_pwd;
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
  for (auto& n : negotiated->tracks) {
    auto& track_id = track_by_mid_[n.mid];
    bool is_new = track_id.empty() || !published_.count(track_id);
    // Track ids are unique in the room: the participant id's random part plus a counter.
    if (track_id.empty()) track_id = "t_" + pid_.substr(2) + "_" + std::to_string(next_track_++);
    const bool muted = is_new ? false : published_[track_id].info.muted;
    PublishedTrack t;
    t.info = engine::TrackInfo{track_id, n.kind, n.source, muted};
    t.config = std::move(n.config);
    t.config.track_id = track_id;
    t.config.muted = muted;
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

void Session::on_unpublish(const ClientMessage& m) {
  auto it = published_.find(m.track_id);
  if (it == published_.end()) {
    reply_error(m.id, ErrorCode::kNotFound, "no such track of yours");
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

void Session::on_transport_connected(engine::TransportKind kind) {
  logger("signal")->debug("transport up participant={}", pid_);
}

void Session::on_speakers_changed(const std::string& active,
                                  const std::vector<std::string>& speaking) {
  send(json{{"type", "active_speaker"},
            {"participant_id", active.empty() ? json(nullptr) : json(active)},
            {"speaking", speaking}});
}

void Session::on_transport_failed(engine::TransportKind kind, engine::TransportFailure why) {
  logger("signal")->info("transport failed participant={} reason={}", pid_, engine::to_string(why));
  // A peer that closed its DTLS association has left (its page closed the connection);
  // anything else (consent expired, handshake failure) is a lost participant.
  const bool closed_by_peer = why == engine::TransportFailure::kClosedByPeer;
  // Without a socket, only a closed page ends the participant early, so the others do not
  // look at a frozen tile for the grace period; a network drop waits for it (a resume restarts
  // ICE). Alone in the room there is nobody to mislead: a closed page also waits, so a reload
  // (the same identity joining again within the grace period) replaces this participant and
  // the room goes on with its chat instead of ending.
  const bool alone = env_.rooms.participant_count(room_) <= 1;
  if (suspended_ && (!closed_by_peer || alone)) return;
  if (suspended_) suspended_ = false;
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
  if (resumed_into_) {
    resumed_into_->on_message_too_large();
    return;
  }
  drop_abusive(ErrorCode::kTooLarge, "message over 64 KiB", http::kWsMessageTooBig);
}

void Session::drop_abusive(ErrorCode code, const std::string& message, uint16_t close_code) {
  if (closed_) return;
  reply_error(nullptr, code, message);
  closed_ = true;
  // TODO(issue 18 item 5): a typed reason of its own once reasons leave engine strings.
  leave(engine::DisconnectReason::kRemoved);
  ws_->close(close_code, std::string(to_string(code)));
}

void Session::on_close() {
  if (resumed_into_) {
    resumed_into_->on_close();
    return;
  }
  if (suspended_) return;
  if (joined_ && !closed_ && env_.resume_grace.count() > 0) {
    suspend();  // dropped without `leave`: the client may come back (docs/protocol.md)
    return;
  }
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
  suspended_ = false;
  release_suspended_self();
  idle_timer_.cancel();
  grace_timer_.cancel();
  env_.rooms.resumes().remove(resume_token_);
  env_.engine.remove_participant(room_, pid_);
  env_.rooms.leave(room_, *this, why);
  logger("signal")->info("participant left room={} participant={} reason={}", room_, pid_,
                         engine::to_string(why));
  env_.rooms.broadcast(room_, json{{"type", "participant_left"}, {"participant_id", pid_}});
  env_.rooms.tracks_changed(room_);
}

void Session::send_text(const std::string& text) {
  if (!closed_ && !suspended_) ws_->send(text);
}

void Session::reply_error(const json& id, ErrorCode code, const std::string& message) {
  send_text(error_json(SignalError{code, message, id}));
}

void Session::on_chat(const ClientMessage& m) {
  if (!claims_.grants.publish_data) {
    reply_error(m.id, ErrorCode::kNotAllowed, "token has no publish_data grant");
    return;
  }
  if (!has_feature("chat")) {
    reply_error(m.id, ErrorCode::kNotAllowed, "chat is off in this meeting");
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

void Session::on_hand(const ClientMessage& m) {
  const bool own = m.participant_id.empty() || m.participant_id == pid_;
  const auto err =
      hand_permission(own, claims_.grants.moderator, has_feature("raise_hand"), m.raised);
  if (err) {
    reply_error(m.id, *err, "raising or lowering this hand is not allowed");
    return;
  }
  RoomMember* target = own ? this : env_.rooms.find(room_, m.participant_id);
  if (target == nullptr) {
    reply_error(m.id, ErrorCode::kNotFound, "no such participant");
    return;
  }
  reply_ok(m.id);
  auto event = target->set_hand_raised(m.raised, unix_now_ms());
  if (!event.is_null()) env_.rooms.broadcast(room_, event);
}

json Session::set_hand_raised(bool raised, int64_t now_ms) {
  if (!hand_.set(raised, now_ms)) return nullptr;
  return hand_.event_json(pid_);
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
  json p{{"id", pid_}, {"identity", claims_.identity}, {"name", claims_.name}, {"tracks", tracks}};
  hand_.annotate(p);
  return p;
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
