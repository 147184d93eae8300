#pragma once
// FakeRoomControl: an in-memory engine::RoomControl for API tests. Participants are added by
// the test; calls are recorded. Mutex-guarded: the server thread and the test thread use it.
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/room_control.hpp"

namespace meet::testing {

class FakeRoomControl final : public engine::RoomControl {
 public:
  void add(const std::string& room, engine::ParticipantInfo p) {
    std::lock_guard lock(mutex_);
    rooms_[room].push_back(std::move(p));
  }
  std::set<std::string> ended_rooms() const {
    std::lock_guard lock(mutex_);
    return ended_;
  }

  std::vector<engine::ParticipantInfo> participants(const std::string& room) const override {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(room);
    return it == rooms_.end() ? std::vector<engine::ParticipantInfo>{} : it->second;
  }
  bool set_track_muted(const std::string& room, const std::string& pid, const std::string& tid,
                       bool muted) override {
    std::lock_guard lock(mutex_);
    for (auto& p : rooms_[room]) {
      if (p.id != pid) continue;
      for (auto& t : p.tracks) {
        if (t.id == tid) {
          // Like RoomRegistry: the API mutes, and only asks to unmute.
          if (muted) t.muted = true;
          else unmute_requests.push_back(tid);
          return true;
        }
      }
    }
    return false;
  }
  bool remove_participant(const std::string& room, const std::string& pid) override {
    std::lock_guard lock(mutex_);
    auto& list = rooms_[room];
    for (auto it = list.begin(); it != list.end(); ++it) {
      if (it->id == pid) {
        list.erase(it);
        return true;
      }
    }
    return false;
  }
  size_t end_room(const std::string& room) override {
    std::lock_guard lock(mutex_);
    ended_.insert(room);
    const size_t n = rooms_[room].size();
    rooms_.erase(room);
    return n;
  }

 private:
  mutable std::mutex mutex_;

 public:
  std::vector<std::string> unmute_requests;  // track ids the API asked to unmute

 private:
  std::map<std::string, std::vector<engine::ParticipantInfo>> rooms_;
  std::set<std::string> ended_;
};

}  // namespace meet::testing
