#include "store/records.hpp"

#include "store/store_error.hpp"

namespace meet::store {

const char* to_string(KeyScope s) {
  return s == KeyScope::kAdmin ? "admin" : "tenant";
}

const char* to_string(MeetingStatus s) {
  switch (s) {
    case MeetingStatus::kScheduled:
      return "scheduled";
    case MeetingStatus::kLive:
      return "live";
    case MeetingStatus::kEnded:
      return "ended";
  }
  return "scheduled";
}

const char* to_string(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending:
      return "pending";
    case DeliveryStatus::kSucceeded:
      return "succeeded";
    case DeliveryStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<KeyScope> key_scope_from(const std::string& s) {
  if (s == "admin") return KeyScope::kAdmin;
  if (s == "tenant") return KeyScope::kTenant;
  return std::nullopt;
}

std::optional<MeetingStatus> meeting_status_from(const std::string& s) {
  if (s == "scheduled") return MeetingStatus::kScheduled;
  if (s == "live") return MeetingStatus::kLive;
  if (s == "ended") return MeetingStatus::kEnded;
  return std::nullopt;
}

std::optional<DeliveryStatus> delivery_status_from(const std::string& s) {
  if (s == "pending") return DeliveryStatus::kPending;
  if (s == "succeeded") return DeliveryStatus::kSucceeded;
  if (s == "failed") return DeliveryStatus::kFailed;
  return std::nullopt;
}

const char* to_string(StoreErrorCode code) {
  switch (code) {
    case StoreErrorCode::kNotFound:
      return "not_found";
    case StoreErrorCode::kConflict:
      return "conflict";
    case StoreErrorCode::kInvalid:
      return "invalid";
    case StoreErrorCode::kUnavailable:
      return "unavailable";
  }
  return "unavailable";
}

}  // namespace meet::store
