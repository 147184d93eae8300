#include "signal/lobby.hpp"

#include "signal/session.hpp"

namespace meet::signal {

void Lobby::add(const std::string& room, Session& session) {
  rooms_[room][session.participant_id()] = &session;
}

Session* Lobby::take(const std::string& room, const std::string& participant_id) {
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return nullptr;
  auto w = it->second.find(participant_id);
  if (w == it->second.end()) return nullptr;
  Session* s = w->second;
  it->second.erase(w);
  if (it->second.empty()) rooms_.erase(it);
  return s;
}

void Lobby::remove(const std::string& room, const Session& session) {
  take(room, session.participant_id());
}

std::vector<Session*> Lobby::waiting(const std::string& room) const {
  std::vector<Session*> out;
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    for (const auto& [pid, s] : it->second) out.push_back(s);
  }
  return out;
}

std::vector<Session*> Lobby::everyone() const {
  std::vector<Session*> out;
  for (const auto& [room, waiting] : rooms_) {
    for (const auto& [pid, s] : waiting) out.push_back(s);
  }
  return out;
}

nlohmann::json Lobby::to_json(const std::string& room) const {
  auto out = nlohmann::json::array();
  for (const Session* s : waiting(room)) out.push_back(s->lobby_json());
  return out;
}

}  // namespace meet::signal
