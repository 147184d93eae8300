#pragma once
// Live rooms on the control thread: which sessions are in which room, room-wide broadcasts,
// and the RoomControl the API uses for participants, muting, removal and ending a meeting.
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/room_control.hpp"
#include "signal/chat_line.hpp"
#include "signal/error_code.hpp"
#include "signal/lobby.hpp"
#include "signal/resume_table.hpp"
#include "signal/room_member.hpp"

namespace meet::signal {

class RoomRegistry : public engine::RoomControl {
 public:
  // The `by` of a mute or unmute request made through the REST API.
  static constexpr const char* kApiModerator = "api";

  explicit RoomRegistry(engine::RoomObserver* observer = nullptr) : observer_(observer) {}
  void set_observer(engine::RoomObserver* observer) { observer_ = observer; }

  // Admits `member` into `room`; an older member with the same identity is disconnected
  // (`replaced`) first. A replacement is not the end of the room: when the old member was
  // alone, the room stays live (no on_room_finished / on_room_started) and keeps its chat.
  // Returns an error code (`room_closed`, `removed`) or nullopt. The registry does not own
  // members; a member calls leave() before it goes away.
  std::optional<ErrorCode> join(const std::string& room, RoomMember& member);
  // Removes `member` from `room`; the last one out ends the room (its chat goes too).
  void leave(const std::string& room, RoomMember& member, engine::DisconnectReason why);

  std::vector<RoomMember*> sessions(const std::string& room) const;
  RoomMember* find(const std::string& room, const std::string& participant_id) const;
  size_t participant_count(const std::string& room) const;
  // Whether a moderator or the API removed anyone from `room`, and whether they removed
  // `identity`: removals made while the room is open, and those the store remembers from
  // before (note_removed, at each join of an API meeting; across a restart too).
  bool had_removal(const std::string& room) const;
  void note_removed(const std::string& room, const std::vector<std::string>& identities) {
    for (const auto& identity : identities) removed_.insert({room, identity});
  }
  bool was_removed(const std::string& room, const std::string& identity) const {
    return removed_.count({room, identity}) > 0;
  }
  // Whether a participant with `identity` is in `room` now.
  bool has_identity(const std::string& room, const std::string& identity) const;
  // Sends `message` to every session of `room` except `except_pid`.
  void broadcast(const std::string& room, const nlohmann::json& message,
                 const std::string& except_pid = "");
  // Tells every session of `room` to recompute what it subscribes to.
  void tracks_changed(const std::string& room);
  // Keeps `line` in the room's recent chat (the last kChatHistory lines, while the room is live).
  void add_chat(const std::string& room, ChatLine line);
  // The room's recent chat, oldest first, as a JSON array.
  nlohmann::json chat_history(const std::string& room) const;
  static constexpr size_t kChatHistory = 100;
  Lobby& lobby() { return lobby_; }
  ResumeTable& resumes() { return resumes_; }
  // Sends `message` to the sessions of `room` with the moderator grant.
  void broadcast_to_moderators(const std::string& room, const nlohmann::json& message);
  // Disconnects every session, waiting ones included (server shutdown).
  void close_all(engine::DisconnectReason why);

  // RoomControl
  std::vector<engine::ParticipantInfo> participants(const std::string& room) const override;
  // `muted`: the participant is muted (by "api"); `!muted`: asked to unmute, nothing changes.
  bool set_track_muted(const std::string& room, const std::string& participant_id,
                       const std::string& track_id, bool muted) override;
  bool remove_participant(const std::string& room, const std::string& participant_id) override;
  size_t end_room(const std::string& room) override;

 private:
  std::map<std::string, std::map<std::string, RoomMember*>> rooms_;
  std::map<std::string, std::deque<ChatLine>> chat_;
  std::set<std::string> ended_;
  // (room, identity) of participants a moderator removed: their joins are refused `removed`.
  std::set<std::pair<std::string, std::string>> removed_;
  std::set<std::string> replacing_;  // rooms where join() is disconnecting a replaced member
  Lobby lobby_;
  ResumeTable resumes_;
  engine::RoomObserver* observer_;
};

}  // namespace meet::signal
