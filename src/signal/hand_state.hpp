#pragma once
// One participant's raised hand (docs/protocol.md, `hand`): whether it is up and since when,
// on the server's clock, so that everyone sees the same queue order. Control thread only.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "signal/error_code.hpp"

namespace meet::signal {

class HandState {
 public:
  // Raises or lowers the hand; a hand already up keeps its first time (its place in the
  // queue). Returns true when the state changed.
  bool set(bool raised, int64_t now_ms);
  bool raised() const { return raised_at_ms_ != 0; }
  int64_t raised_at_ms() const { return raised_at_ms_; }
  // {"type":"hand","participant_id":..,"raised":..[,"raised_at":..]}: the event for everyone.
  nlohmann::json event_json(const std::string& participant_id) const;
  // Adds `hand_raised_at` to a participant object (as in `joined`) while the hand is up.
  void annotate(nlohmann::json& participant) const;

 private:
  int64_t raised_at_ms_ = 0;
};

// Who may set whose hand: everyone their own, a moderator may lower (never raise) someone
// else's; nobody when the meeting lacks the `raise_hand` feature. Returns "" when allowed,
// else the error code (`not_allowed`).
std::optional<ErrorCode> hand_permission(bool own, bool moderator, bool feature_on, bool raising);

}  // namespace meet::signal
