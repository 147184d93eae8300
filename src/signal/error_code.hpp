#pragma once
// Signaling error codes (docs/protocol.md "Error codes"): the enum the server uses, and the
// wire name of each, which never changes.
#include <optional>
#include <string_view>

namespace meet::signal {

enum class ErrorCode {
  kBadRequest,
  kNotJoined,
  kAlreadyJoined,
  kInvalidToken,
  kTokenExpired,
  kNotAllowed,
  kNotFound,
  kBadSdp,
  kTooManyTracks,
  kUnexpected,
  kAlreadyRecording,
  kNotRecording,
  kRoomFull,
  kRoomClosed,
  kRemoved,
  kLobbyDenied,
  kRateLimited,
  kTooLarge,
  kJoinTimeout,
  kTimeout,
  kInternal,
};

// The wire name ("bad_request", ...).
std::string_view to_string(ErrorCode code);
// The code of a wire name (as other layers report refusals: admission, recording); nullopt for
// a name that is not a signaling code.
std::optional<ErrorCode> error_code_from_name(std::string_view name);
// The same, with `internal` for a name that is not a signaling code.
ErrorCode error_code_or_internal(std::string_view name);

}  // namespace meet::signal
