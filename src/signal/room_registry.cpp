#include "signal/room_registry.hpp"

#include "signal/session.hpp"

namespace meet::signal {

std::string RoomRegistry::join(const std::string& room, Session& session) {
  if (ended_.count(room)) return "room_closed";
  auto& members = rooms_[room];
  bool first = members.empty();
  for (auto& [pid, other] : members) {
    if (other->identity() == session.identity()) {
      other->disconnect(engine::DisconnectReason::kReplaced);  // calls leave()
      break;
    }
  }
  members[session.participant_id()] = &session;
  if (observer_) {
    if (first) observer_->on_room_started(room);
    observer_->on_participant_joined(room, session.info());
  }
  return {};
}

void RoomRegistry::leave(const std::string& room, Session& session, engine::DisconnectReason why) {
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  if (it->second.erase(session.participant_id()) == 0) return;
  bool last = it->second.empty();
  if (last) {
    rooms_.erase(it);
    chat_.erase(room);
  }
  if (observer_) {
    observer_->on_participant_left(room, session.info(), why);
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

std::vector<Session*> RoomRegistry::sessions(const std::string& room) const {
  std::vector<Session*> out;
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    for (const auto& [pid, s] : it->second) out.push_back(s);
  }
  return out;
}

Session* RoomRegistry::find(const std::string& room, const std::string& pid) const {
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return nullptr;
  auto p = it->second.find(pid);
  return p == it->second.end() ? nullptr : p->second;
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
  std::vector<Session*> all = lobby_.everyone();
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
  return s && s->set_track_muted(track_id, muted, "");
}

bool RoomRegistry::remove_participant(const std::string& room, const std::string& pid) {
  auto* s = find(room, pid);
  if (!s) return false;
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
