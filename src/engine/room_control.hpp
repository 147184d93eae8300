#pragma once
// The one narrow interface between the control plane (api/, signal/) and live rooms.
// Every call and every observer notice happens on the control thread.
#include <cstdint>
#include <string>
#include <vector>

namespace meet::engine {

struct TrackInfo {
  std::string id;      // server-assigned, e.g. "t_19"
  std::string kind;    // "audio" | "video"
  std::string source;  // "camera" | "microphone" | "screen" | "screen_audio"
  bool muted = false;
};

struct ParticipantInfo {
  std::string id;  // server-assigned, e.g. "p_3f9a"
  std::string identity;
  std::string name;
  int64_t joined_at_ms = 0;  // unix time
  std::vector<TrackInfo> tracks;
};

enum class DisconnectReason { kRemoved, kRoomEnded, kServerShutdown, kReplaced, kTimeout, kLeft };

// The stable name used in signaling (`disconnected.reason`), sessions and webhooks.
constexpr const char* to_string(DisconnectReason why) {
  switch (why) {
    case DisconnectReason::kRemoved:
      return "removed";
    case DisconnectReason::kRoomEnded:
      return "room_ended";
    case DisconnectReason::kServerShutdown:
      return "server_shutdown";
    case DisconnectReason::kReplaced:
      return "replaced";
    case DisconnectReason::kTimeout:
      return "timeout";
    case DisconnectReason::kLeft:
      return "left";
  }
  return "left";
}

// Live rooms as the control plane sees them. Implemented by the signaling layer, which holds
// the sessions; a cluster-wide implementation may come with cluster/.
class RoomControl {
 public:
  virtual ~RoomControl() = default;
  // Participants currently in `room` (empty when the room is not live).
  virtual std::vector<ParticipantInfo> participants(const std::string& room) const = 0;
  // Mutes or unmutes one track; false when the participant or track is unknown.
  virtual bool set_track_muted(const std::string& room, const std::string& participant_id,
                               const std::string& track_id, bool muted) = 0;
  // Disconnects one participant; false when unknown.
  virtual bool remove_participant(const std::string& room, const std::string& participant_id) = 0;
  // Disconnects everyone in the room and refuses new joins for it until reopened; returns how
  // many participants were disconnected.
  virtual size_t end_room(const std::string& room) = 0;
};

// Upward notices for the platform (sessions in the store, webhooks, metrics).
class RoomObserver {
 public:
  virtual ~RoomObserver() = default;
  virtual void on_room_started(const std::string& room) = 0;
  virtual void on_room_finished(const std::string& room) = 0;  // last participant left
  virtual void on_participant_joined(const std::string& room, const ParticipantInfo& p) = 0;
  virtual void on_participant_left(const std::string& room, const ParticipantInfo& p,
                                   DisconnectReason why) = 0;
};

}  // namespace meet::engine
