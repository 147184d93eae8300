// Session: host recording control over signaling (docs/protocol.md, `start_recording`).
#include "signal/session.hpp"

namespace meet::signal {

using nlohmann::json;

void Session::on_recording(const ClientMessage& m) {
  if (!claims_.grants.record && !claims_.grants.moderator) {
    reply_error(m.id, ErrorCode::kNotAllowed, "token has no record or moderator grant");
    return;
  }
  if (!has_feature("recording") || !env_.recording) {
    reply_error(m.id, ErrorCode::kNotAllowed, "recording is off in this meeting");
    return;
  }
  const bool start = m.type == MessageType::kStartRecording;
  if (auto error = env_.recording(room_, start)) {
    // The recorder's refusals that are not signaling codes (docs/protocol.md) are `internal`.
    reply_error(m.id, error_code_or_internal(*error),
                start ? "the recording could not start" : "the recording could not stop");
    return;
  }
  // Everyone, this session included, hears the `recording` event from the recorder.
  reply_ok(m.id);
}

json Session::recording_json() const {
  std::optional<std::string> id;
  if (env_.recording_of) id = env_.recording_of(room_);
  json j = {{"active", id.has_value()}};
  if (id) j["recording_id"] = *id;
  return j;
}

}  // namespace meet::signal
