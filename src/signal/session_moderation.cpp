// Session: moderation (mute, unmute requests, removal) and the lobby (docs/protocol.md).
#include "common/log.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"

namespace meet::signal {

using nlohmann::json;

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
    reply_error(m.id, ErrorCode::kNotAllowed, "token has no moderator grant");
    return;
  }
  Session* guest = env_.rooms.lobby().take(room_, m.participant_id);
  if (!guest) {
    reply_error(m.id, ErrorCode::kNotFound, "nobody with that id is waiting");
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
    // The room may have filled while this guest waited (an ended meeting closes its lobby).
    if (room_is_full()) {
      refuse_join(join_id_, ErrorCode::kRoomFull, "the meeting cannot take this participant");
      return;
    }
    enter_room(join_id_);
    return;
  }
  refuse_join(join_id_, ErrorCode::kLobbyDenied, "a host turned the request down");
}

bool Session::apply_mute(const std::string& track_id, bool muted, const std::string& by) {
  auto it = published_.find(track_id);
  if (it == published_.end()) return false;
  it->second.info.muted = muted;
  it->second.config.muted = muted;
  env_.engine.set_track_muted(room_, pid_, track_id, muted);
  json event{
      {"type", "track_muted"}, {"participant_id", pid_}, {"track_id", track_id}, {"muted", muted}};
  if (!by.empty()) event["by"] = by;
  // A moderator's mute reaches the owner too: its SDK then stops sending the track.
  env_.rooms.broadcast(room_, event, by.empty() ? pid_ : "");
  return true;
}

bool Session::mute_by_moderator(const std::string& track_id, const std::string& by) {
  return apply_mute(track_id, true, by);
}

bool Session::request_unmute(const std::string& track_id, const std::string& by) {
  auto it = published_.find(track_id);
  if (it == published_.end()) return false;
  send(json{
      {"type", "unmute_requested"}, {"participant_id", pid_}, {"track_id", track_id}, {"by", by}});
  return true;
}

void Session::on_mute(const ClientMessage& m) {
  if (!apply_mute(m.track_id, m.muted, "")) {
    reply_error(m.id, ErrorCode::kNotFound, "no such track of yours");
    return;
  }
  reply_ok(m.id);
}

void Session::on_mute_participant(const ClientMessage& m) {
  if (!claims_.grants.moderator) {
    reply_error(m.id, ErrorCode::kNotAllowed, "token has no moderator grant");
    return;
  }
  // A moderator mutes; it can only ask to unmute (the owner decides).
  auto* target = env_.rooms.find(room_, m.participant_id);
  const bool done = target && (m.muted ? target->mute_by_moderator(m.track_id, pid_)
                                       : target->request_unmute(m.track_id, pid_));
  if (!done) {
    reply_error(m.id, ErrorCode::kNotFound, "no such participant or track");
    return;
  }
  reply_ok(m.id);
}

void Session::on_remove_participant(const ClientMessage& m) {
  if (!claims_.grants.moderator) {
    reply_error(m.id, ErrorCode::kNotAllowed, "token has no moderator grant");
    return;
  }
  // Through the registry, which also keeps the identity from joining this room again.
  if (!env_.rooms.remove_participant(room_, m.participant_id)) {
    reply_error(m.id, ErrorCode::kNotFound, "no such participant");
    return;
  }
  reply_ok(m.id);
}

}  // namespace meet::signal
