#pragma once
// The rooms' observer as app/ wires it: every notice goes on to the API's observer; a room
// whose meeting has `recording_auto_start` (and the `recording` feature) starts being recorded
// once its first participant is in, and a recording still running when the last participant
// has left is stopped, so it is composed and stored instead of waiting for someone to stop it.
// Both are posted, so the join or leave completes first.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "api/api.hpp"
#include "common/log.hpp"
#include "engine/room_control.hpp"

namespace meet::app {

class AutoRecording final : public engine::RoomObserver {
 public:
  AutoRecording(engine::RoomObserver& inner, api::Api& api, boost::asio::io_context& control)
      : inner_(inner), api_(api), control_(control) {}

  void on_room_started(const std::string& room) override {
    inner_.on_room_started(room);
    boost::asio::post(control_, [this, room] { maybe_start(room); });
  }
  void on_room_finished(const std::string& room) override {
    inner_.on_room_finished(room);
    boost::asio::post(control_, [this, room] { stop_if_recording(room); });
  }
  void on_participant_joined(const std::string& room, const engine::ParticipantInfo& p) override {
    inner_.on_participant_joined(room, p);
  }
  void on_participant_left(const std::string& room, const engine::ParticipantInfo& p,
                           engine::DisconnectReason why) override {
    inner_.on_participant_left(room, p, why);
  }

 private:
  void maybe_start(const std::string& room) {
    auto settings = api_.meeting_settings(room);
    if (!settings || !settings->recording_auto_start) return;
    const auto& f = settings->features;
    if (std::find(f.begin(), f.end(), "recording") == f.end()) return;
    if (auto error = api_.start_meeting_recording(room)) {
      logger("app")->warn("recording auto-start failed meeting={} reason={}", room, *error);
    }
  }

  void stop_if_recording(const std::string& room) {
    auto error = api_.stop_meeting_recording(room);
    if (!error) {
      logger("app")->info("recording stopped, nobody left in the meeting meeting={}", room);
    } else if (*error != "not_recording" && *error != "not_found") {
      logger("app")->warn("recording stop failed meeting={} reason={}", room, *error);
    }
  }

  engine::RoomObserver& inner_;
  api::Api& api_;
  boost::asio::io_context& control_;
};

}  // namespace meet::app
