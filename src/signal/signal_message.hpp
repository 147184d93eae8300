#pragma once
// Client -> server signaling messages (docs/protocol.md), parsed and type-checked. Parsing
// never throws: bad input becomes a SignalError with the documented code.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "signal/error_code.hpp"
#include "signal/track_view_message.hpp"

namespace meet::signal {

enum class MessageType {
  kJoin,
  kPublish,
  kSubscriberAnswer,
  kUnpublish,
  kMute,
  kMuteParticipant,
  kRemoveParticipant,
  kChat,
  kAdmit,
  kDeny,
  kIceRestart,
  kTrickle,
  kPing,
  kLeave,
  kStartRecording,  // record grant or moderator; meeting feature "recording"
  kStopRecording,
  kHand,
  kTrackView,  // track_view_message.hpp
  kGetStats,
};

struct TrackSource {
  std::string mid;
  std::string source;  // camera | microphone | screen | screen_audio
};

struct ClientMessage {
  MessageType type = MessageType::kPing;
  nlohmann::json id;                  // null when absent; echoed in the reply
  std::string token;                  // join
  std::string resume;                 // join: the resume token of an earlier session, or ""
  std::string connection;             // ice_restart: "subscriber"
  std::string sdp;                    // publish, subscriber_answer
  std::vector<TrackSource> tracks;    // publish
  std::string track_id;               // unpublish, mute, mute_participant
  std::string participant_id;         // mute_participant, remove_participant, admit, deny
  bool muted = true;                  // mute, mute_participant (false: ask to unmute)
  bool raised = false;                // hand
  std::string text;                   // chat
  std::vector<TrackViewEntry> views;  // track_view
};

struct SignalError {
  ErrorCode code = ErrorCode::kBadRequest;
  std::string message;
  nlohmann::json id;  // the request id when it could be read
};

inline constexpr size_t kMaxMessageBytes = 64 * 1024;
inline constexpr size_t kMaxChatTextBytes = 2000;

Result<ClientMessage, SignalError> parse_client_message(std::string_view text);

// {"type":"error","code":..,"message":..,"id":..} (id only when not null).
std::string error_json(const SignalError& e);

}  // namespace meet::signal
