#include "signal/room_registry.hpp"

#include "signal/session.hpp"

namespace meet::signal {

std::optional<ErrorCode> RoomRegistry::join(const std::string& room, RoomMember& member) {
  if (ended_.count(room)) return ErrorCode::kRoomClosed;
  if (removed_.count({room, member.identity()})) return ErrorCode::kRemoved;
  RoomMember* replaced = nullptr;
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    for (const auto& [pid, other] : it->second) {
      if (other != &member && other->identity() == member.identity()) {
        replaced = other;
        break;
      }
    }
  }
  if (replaced) {
    // disconnect() calls leave() before returning, which may take the room's last member out
    // of the map: no iterator or reference into rooms_ is held across it, and replacing_
    // keeps leave() from ending the room in between.
    replacing_.insert(room);
    replaced->disconnect(engine::DisconnectReason::kReplaced);
    replacing_.erase(room);
  }
  auto& members = rooms_[room];
  bool first = members.empty() && !replaced;
  members[member.participant_id()] = &member;
  if (observer_) {
    if (first) observer_->on_room_started(room);
    observer_->on_participant_joined(room, member.info());
  }
  return {};
}

void RoomRegistry::leave(const std::string& room, RoomMember& member,
                         engine::DisconnectReason why) {
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  if (it->second.erase(member.participant_id()) == 0) return;
  bool last = it->second.empty() && !replacing_.count(room);
  if (last) {
    rooms_.erase(it);
    chat_.erase(room);
    // Its removals go with it (memory stays bounded by the rooms open); an API meeting's
    // come back from the store at its next join (note_removed).
    removed_.erase(removed_.lower_bound({room, std::string()}),
                   removed_.lower_bound({room + '\0', std::string()}));
  }
  if (observer_) {
    observer_->on_participant_left(room, member.info(), why);
    if (last) observer_->on_room_finished(room);
  }
}

void RoomRegistry::add_chat(const std::string& room, ChatLine line) {
  auto& lines = chat_[room];
  lines.push_back(std::move(line));
  if (lines.size() > kChatHistory) lines.pop_front();
}

nlohmann::json RoomRegistry::chat_history(const std::string& room) const {
  auto out = nlohmann::json::array();
  if (auto it = chat_.find(room); it != chat_.end()) {
    for (const auto& line : it->second) out.push_back(line.to_json());
  }
  return out;
}

std::vector<RoomMember*> RoomRegistry::sessions(const std::string& room) const {
  std::vector<RoomMember*> out;
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    for (const auto& [pid, s] : it->second) out.push_back(s);
  }
  return out;
}

RoomMember* RoomRegistry::find(const std::string& room, const std::string& pid) const {
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return nullptr;
  auto p = it->second.find(pid);
  return p == it->second.end() ? nullptr : p->second;
}

bool RoomRegistry::had_removal(const std::string& room) const {
  auto it = removed_.lower_bound({room, std::string()});
  return it != removed_.end() && it->first == room;
}

bool RoomRegistry::has_identity(const std::string& room, const std::string& identity) const {
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return false;
  for (const auto& [pid, member] : it->second) {
    if (member->identity() == identity) return true;
  }
  return false;
}

size_t RoomRegistry::participant_count(const std::string& room) const {
  auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : it->second.size();
}

void RoomRegistry::broadcast(const std::string& room, const nlohmann::json& message,
                             const std::string& except_pid) {
  auto text = message.dump();
  for (auto* s : sessions(room)) {
    if (s->participant_id() != except_pid) s->send_text(text);
  }
}

void RoomRegistry::broadcast_to_moderators(const std::string& room, const nlohmann::json& message) {
  auto text = message.dump();
  for (auto* s : sessions(room)) {
    if (s->is_moderator()) s->send_text(text);
  }
}

void RoomRegistry::tracks_changed(const std::string& room) {
  for (auto* s : sessions(room)) s->refresh_subscriptions();
}

void RoomRegistry::close_all(engine::DisconnectReason why) {
  std::vector<RoomMember*> all;
  for (auto* s : lobby_.everyone()) all.push_back(s);
  for (auto& [room, members] : rooms_) {
    for (auto& [pid, s] : members) all.push_back(s);
  }
  for (auto* s : all) s->disconnect(why);
}

std::vector<engine::ParticipantInfo> RoomRegistry::participants(const std::string& room) const {
  std::vector<engine::ParticipantInfo> out;
  for (auto* s : sessions(room)) out.push_back(s->info());
  return out;
}

bool RoomRegistry::set_track_muted(const std::string& room, const std::string& pid,
                                   const std::string& track_id, bool muted) {
  auto* s = find(room, pid);
  // The API may mute; unmuting is the participant's own act, so `muted: false` only asks.
  if (!s) return false;
  return muted ? s->mute_by_moderator(track_id, kApiModerator)
               : s->request_unmute(track_id, kApiModerator);
}

bool RoomRegistry::remove_participant(const std::string& room, const std::string& pid) {
  auto* s = find(room, pid);
  if (!s) return false;
  // The same invitation (token identity) cannot bring them back into this room.
  removed_.insert({room, s->identity()});
  s->disconnect(engine::DisconnectReason::kRemoved);
  return true;
}

size_t RoomRegistry::end_room(const std::string& room) {
  ended_.insert(room);
  for (auto* s : lobby_.waiting(room)) s->disconnect(engine::DisconnectReason::kRoomEnded);
  auto members = sessions(room);
  for (auto* s : members) s->disconnect(engine::DisconnectReason::kRoomEnded);
  return members.size();
}

}  // namespace meet::signal
