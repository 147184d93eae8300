#pragma once
// The JSON bodies the REST API accepts, each with a parse-and-validate function that takes
// the raw body bytes. These are pure (no store, no clock) so the fuzzer drives them directly
// (fuzz/api_body_fuzz.cpp). Errors are the JsonBody errors (docs/api.md "Errors").
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.hpp"

namespace meet::api {

// POST /api/v1/tenants
struct CreateTenantBody {
  std::string name;  // 1..128 bytes
};
ApiResult<CreateTenantBody> parse_create_tenant(std::string_view body);

// POST /api/v1/tenants/{id}/keys (body optional)
struct CreateKeyBody {
  std::string name;  // 0..128 bytes
};
ApiResult<CreateKeyBody> parse_create_key(std::string_view body);

// POST /api/v1/meetings and PATCH /api/v1/meetings/{id}. For PATCH every field is optional
// and a present field replaces the stored value; `scheduled_*` given as null clears them.
struct MeetingBody {
  std::optional<std::string> title;  // 1..200 bytes, required on create
  bool has_scheduled_start = false;  // present in the body (possibly null)
  std::optional<int64_t> scheduled_start_ms;
  bool has_scheduled_end = false;
  std::optional<int64_t> scheduled_end_ms;
  std::optional<bool> lobby;
  std::optional<int64_t> max_participants;  // 1..1000
  std::optional<bool> recording_auto_start;
  std::optional<std::vector<std::string>> features;  // subset of meeting_features()
};
ApiResult<MeetingBody> parse_create_meeting(std::string_view body);
ApiResult<MeetingBody> parse_update_meeting(std::string_view body);
const std::set<std::string>& meeting_features();

// POST /api/v1/meetings/{id}/tokens
enum class TokenRole { kHost, kGuest };
struct CreateTokenBody {
  std::string identity;  // 1..128 bytes
  std::string name;      // 0..128 bytes (defaults to identity)
  TokenRole role = TokenRole::kGuest;
  int64_t ttl_seconds = 0;  // 60..86400, default 3600
};
ApiResult<CreateTokenBody> parse_create_token(std::string_view body);

// POST /api/v1/meetings/{id}/participants/{pid}/mute
struct MuteBody {
  std::optional<std::string> track_id;  // absent: every audio track of the participant
  bool muted = true;
};
ApiResult<MuteBody> parse_mute(std::string_view body);

// POST /api/v1/webhooks
struct CreateWebhookBody {
  std::string url;                  // http:// or https://, 1..2048 bytes
  std::vector<std::string> events;  // subset of webhook_events(); empty = all
};
ApiResult<CreateWebhookBody> parse_create_webhook(std::string_view body);
const std::set<std::string>& webhook_events();

}  // namespace meet::api
