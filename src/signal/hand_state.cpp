#include "signal/hand_state.hpp"

#include <algorithm>

namespace meet::signal {

bool HandState::set(bool raised, int64_t now_ms) {
  if (raised == this->raised()) return false;
  // 0 means "down", so a clock at the epoch still counts as raised.
  raised_at_ms_ = raised ? std::max<int64_t>(now_ms, 1) : 0;
  return true;
}

nlohmann::json HandState::event_json(const std::string& participant_id) const {
  nlohmann::json event{{"type", "hand"}, {"participant_id", participant_id}, {"raised", raised()}};
  if (raised()) event["raised_at"] = raised_at_ms_;
  return event;
}

void HandState::annotate(nlohmann::json& participant) const {
  if (raised()) participant["hand_raised_at"] = raised_at_ms_;
}

std::optional<ErrorCode> hand_permission(bool own, bool moderator, bool feature_on, bool raising) {
  if (!feature_on) return ErrorCode::kNotAllowed;
  if (own) return std::nullopt;
  if (moderator && !raising) return std::nullopt;
  return ErrorCode::kNotAllowed;
}

}  // namespace meet::signal
