#include "signal/error_code.hpp"

#include <array>
#include <utility>

namespace meet::signal {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 21> kNames{{
    {ErrorCode::kBadRequest, "bad_request"},
    {ErrorCode::kNotJoined, "not_joined"},
    {ErrorCode::kAlreadyJoined, "already_joined"},
    {ErrorCode::kInvalidToken, "invalid_token"},
    {ErrorCode::kTokenExpired, "token_expired"},
    {ErrorCode::kNotAllowed, "not_allowed"},
    {ErrorCode::kNotFound, "not_found"},
    {ErrorCode::kBadSdp, "bad_sdp"},
    {ErrorCode::kTooManyTracks, "too_many_tracks"},
    {ErrorCode::kUnexpected, "unexpected"},
    {ErrorCode::kAlreadyRecording, "already_recording"},
    {ErrorCode::kNotRecording, "not_recording"},
    {ErrorCode::kRoomFull, "room_full"},
    {ErrorCode::kRoomClosed, "room_closed"},
    {ErrorCode::kRemoved, "removed"},
    {ErrorCode::kLobbyDenied, "lobby_denied"},
    {ErrorCode::kRateLimited, "rate_limited"},
    {ErrorCode::kTooLarge, "too_large"},
    {ErrorCode::kJoinTimeout, "join_timeout"},
    {ErrorCode::kTimeout, "timeout"},
    {ErrorCode::kInternal, "internal"},
}};

}  // namespace

std::string_view to_string(ErrorCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "internal";
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (n == name) return c;
  }
  return std::nullopt;
}

ErrorCode error_code_or_internal(std::string_view name) {
  return error_code_from_name(name).value_or(ErrorCode::kInternal);
}

}  // namespace meet::signal
