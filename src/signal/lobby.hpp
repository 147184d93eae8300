#pragma once
// Guests waiting to enter meetings that have a lobby, per room, until a moderator admits or
// denies them or they leave. Control thread only; the sessions unregister themselves.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace meet::signal {

class Session;

class Lobby {
 public:
  void add(const std::string& room, Session& session);
  // Removes and returns the waiting session `participant_id` of `room`, or nullptr.
  Session* take(const std::string& room, const std::string& participant_id);
  void remove(const std::string& room, const Session& session);
  std::vector<Session*> waiting(const std::string& room) const;
  std::vector<Session*> everyone() const;
  // [{"id","identity","name"}] of `room`, in participant id order.
  nlohmann::json to_json(const std::string& room) const;

 private:
  std::map<std::string, std::map<std::string, Session*>> rooms_;
};

}  // namespace meet::signal
