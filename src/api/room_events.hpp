#pragma once
// RoomEvents: the Api's engine::RoomObserver. Keeps meeting status and participant sessions
// in the store and fires webhooks:
//   room started       -> status live, started_at; meeting.started
//   room finished      -> status scheduled again (joinable) unless ended; meeting.ended once
//   participant joined -> session opened; participant.joined
//   participant left   -> session closed with the reason; participant.left
// Rooms without a meeting in the store (development tokens) are ignored. Control thread.
#include "api/api_context.hpp"
#include "engine/room_control.hpp"

namespace meet::api {

class RoomEvents final : public engine::RoomObserver {
 public:
  explicit RoomEvents(ApiContext& ctx) : ctx_(ctx) {}

  void on_room_started(const std::string& room) override;
  void on_room_finished(const std::string& room) override;
  void on_participant_joined(const std::string& room, const engine::ParticipantInfo& p) override;
  void on_participant_left(const std::string& room, const engine::ParticipantInfo& p,
                           engine::DisconnectReason why) override;

 private:
  ApiContext& ctx_;
};

}  // namespace meet::api
