#pragma once
// The API's room observer behind a store executor: a participant's join and leave (a session
// row opened or closed, a webhook delivery stored) are written off the control loop, in the
// order they happened, so a slow database never holds up the room. Room start and finish (a
// meeting's status, once per room lifetime, read-modify-write of the meeting row that the
// API's own routes also write on the loop) stay on the loop.
#include <string>

#include "common/log.hpp"
#include "engine/room_control.hpp"
#include "store/store_executor.hpp"

namespace meet::app {

class OffLoopRoomEvents final : public engine::RoomObserver {
 public:
  // `inner` must outlive `jobs` (jobs still queued run when the executor is destroyed).
  OffLoopRoomEvents(engine::RoomObserver& inner, store::StoreExecutor& jobs)
      : inner_(inner), jobs_(jobs) {}

  void on_room_started(const std::string& room) override { inner_.on_room_started(room); }
  void on_room_finished(const std::string& room) override { inner_.on_room_finished(room); }
  void on_participant_joined(const std::string& room, const engine::ParticipantInfo& p) override {
    post(room, "joined", [&inner = inner_, room, p] { inner.on_participant_joined(room, p); });
  }
  void on_participant_left(const std::string& room, const engine::ParticipantInfo& p,
                           engine::DisconnectReason why) override {
    post(room, "left",
         [&inner = inner_, room, p, why] { inner.on_participant_left(room, p, why); });
  }

 private:
  template <typename Job>
  void post(const std::string& room, const char* what, Job job) {
    if (!jobs_.post(std::move(job))) {
      logger("app")->warn("participant {} not recorded meeting={} reason=store queue full", what,
                          room);
    }
  }

  engine::RoomObserver& inner_;
  store::StoreExecutor& jobs_;
};

}  // namespace meet::app
