#include "signal/signal_message.hpp"

#include <array>
#include <utility>

namespace meet::signal {
namespace {

using nlohmann::json;

constexpr size_t kMaxIdLength = 64;
constexpr size_t kMaxIdField = 128;
constexpr size_t kMaxTracks = 64;

constexpr std::array<std::pair<std::string_view, MessageType>, 19> kTypes{{
    {"join", MessageType::kJoin},
    {"publish", MessageType::kPublish},
    {"subscriber_answer", MessageType::kSubscriberAnswer},
    {"unpublish", MessageType::kUnpublish},
    {"mute", MessageType::kMute},
    {"mute_participant", MessageType::kMuteParticipant},
    {"remove_participant", MessageType::kRemoveParticipant},
    {"chat", MessageType::kChat},
    {"admit", MessageType::kAdmit},
    {"deny", MessageType::kDeny},
    {"ice_restart", MessageType::kIceRestart},
    {"trickle", MessageType::kTrickle},
    {"ping", MessageType::kPing},
    {"leave", MessageType::kLeave},
    {"start_recording", MessageType::kStartRecording},
    {"stop_recording", MessageType::kStopRecording},
    {"hand", MessageType::kHand},
    {"track_view", MessageType::kTrackView},
    {"get_stats", MessageType::kGetStats},
}};

SignalError bad(std::string message, const json& id = nullptr) {
  return SignalError{ErrorCode::kBadRequest, std::move(message), id};
}

// Reads a required string field of at most `max` bytes.
Result<std::string, SignalError> string_field(const json& obj, const char* name, size_t max,
                                              const json& id) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) {
    return make_error(bad(std::string("field '") + name + "' must be a string", id));
  }
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > max) {
    return make_error(bad(std::string("field '") + name + "' is empty or too long", id));
  }
  return s;
}

Result<std::vector<TrackSource>, SignalError> track_sources(const json& obj, const json& id) {
  std::vector<TrackSource> out;
  auto it = obj.find("tracks");
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > kMaxTracks) {
    return make_error(bad("field 'tracks' must be an array of at most 64 entries", id));
  }
  for (const auto& t : *it) {
    if (!t.is_object()) return make_error(bad("each track must be an object", id));
    auto mid = string_field(t, "mid", 32, id);
    auto source = string_field(t, "source", 32, id);
    if (!mid) return make_error(mid.error());
    if (!source) return make_error(source.error());
    const auto& s = source.value();
    if (s != "camera" && s != "microphone" && s != "screen" && s != "screen_audio") {
      return make_error(bad("unknown track source '" + s + "'", id));
    }
    out.push_back({std::move(mid).value(), s});
  }
  return out;
}

Result<Ok, SignalError> fill(ClientMessage& m, const json& obj) {
  auto need = [&](const char* name, size_t max, std::string& into) -> Result<Ok, SignalError> {
    auto v = string_field(obj, name, max, m.id);
    if (!v) return make_error(v.error());
    into = std::move(v).value();
    return Ok{};
  };
  switch (m.type) {
    case MessageType::kJoin: {
      auto r = need("token", 4096, m.token);
      if (!r || !obj.contains("resume") || obj["resume"].is_null()) return r;
      return need("resume", kMaxIdField, m.resume);
    }
    case MessageType::kIceRestart: {
      auto r = need("connection", 32, m.connection);
      if (r && m.connection != "subscriber") {
        return make_error(bad("field 'connection' must be \"subscriber\"", m.id));
      }
      return r;
    }
    case MessageType::kPublish: {
      auto r = need("sdp", kMaxMessageBytes, m.sdp);
      if (!r) return r;
      auto tracks = track_sources(obj, m.id);
      if (!tracks) return make_error(tracks.error());
      m.tracks = std::move(tracks).value();
      return Ok{};
    }
    case MessageType::kSubscriberAnswer:
      return need("sdp", kMaxMessageBytes, m.sdp);
    case MessageType::kUnpublish:
      return need("track_id", kMaxIdField, m.track_id);
    case MessageType::kMute: {
      auto r = need("track_id", kMaxIdField, m.track_id);
      if (!r) return r;
      auto it = obj.find("muted");
      if (it == obj.end() || !it->is_boolean()) {
        return make_error(bad("field 'muted' must be a boolean", m.id));
      }
      m.muted = it->get<bool>();
      return Ok{};
    }
    case MessageType::kMuteParticipant: {
      auto r = need("participant_id", kMaxIdField, m.participant_id);
      if (r) r = need("track_id", kMaxIdField, m.track_id);
      if (!r) return r;
      if (auto it = obj.find("muted"); it != obj.end() && !it->is_null()) {
        if (!it->is_boolean()) return make_error(bad("field 'muted' must be a boolean", m.id));
        m.muted = it->get<bool>();
      }
      return Ok{};
    }
    case MessageType::kRemoveParticipant:
    case MessageType::kAdmit:
    case MessageType::kDeny:
      return need("participant_id", kMaxIdField, m.participant_id);
    case MessageType::kChat:
      return need("text", kMaxChatTextBytes, m.text);
    case MessageType::kHand: {
      auto it = obj.find("raised");
      if (it == obj.end() || !it->is_boolean()) {
        return make_error(bad("field 'raised' must be a boolean", m.id));
      }
      m.raised = it->get<bool>();
      if (!obj.contains("participant_id")) return Ok{};
      return need("participant_id", kMaxIdField, m.participant_id);
    }
    case MessageType::kTrackView: {
      auto views = parse_track_views(obj, m.id);
      if (!views) return make_error(views.error());
      m.views = std::move(views).value();
      return Ok{};
    }
    case MessageType::kTrickle:
    case MessageType::kPing:
    case MessageType::kLeave:
    case MessageType::kStartRecording:
    case MessageType::kStopRecording:
    case MessageType::kGetStats:
      return Ok{};
  }
  return Ok{};
}

}  // namespace

Result<ClientMessage, SignalError> parse_client_message(std::string_view text) {
  if (text.size() > kMaxMessageBytes) {
    return make_error(SignalError{ErrorCode::kTooLarge, "message over 64 KiB", nullptr});
  }
  json obj = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object()) {
    return make_error(bad("message is not a JSON object"));
  }
  ClientMessage m;
  if (auto it = obj.find("id"); it != obj.end()) {
    bool number = it->is_number_integer() || it->is_number_unsigned();
    bool short_string = it->is_string() && it->get_ref<const std::string&>().size() <= kMaxIdLength;
    if (!number && !short_string)
      return make_error(bad("field 'id' must be an integer or a short string"));
    m.id = *it;
  }
  auto type = obj.find("type");
  if (type == obj.end() || !type->is_string()) {
    return make_error(bad("field 'type' must be a string", m.id));
  }
  const auto& name = type->get_ref<const std::string&>();
  bool known = false;
  for (const auto& [n, t] : kTypes) {
    if (n == name) {
      m.type = t;
      known = true;
    }
  }
  if (!known) return make_error(bad("unknown message type", m.id));
  auto filled = fill(m, obj);
  if (!filled) return make_error(filled.error());
  return m;
}

std::string error_json(const SignalError& e) {
  json j = {{"type", "error"}, {"code", to_string(e.code)}, {"message", e.message}};
  if (!e.id.is_null()) j["id"] = e.id;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace meet::signal
