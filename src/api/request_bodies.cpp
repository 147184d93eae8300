#include "api/request_bodies.hpp"

#include "api/json_body.hpp"
#include "api/limits.hpp"

namespace meet::api {
namespace {

// Unwraps a Result into `out` or returns its error from the enclosing function.
#define MEET_TRY_ASSIGN(out, expr)   \
  do {                               \
    auto _r = (expr);                \
    if (!_r) return Err{_r.error()}; \
    out = std::move(_r).value();     \
  } while (0)

ApiResult<MeetingBody> parse_meeting(std::string_view body, bool create) {
  auto parsed = JsonBody::parse(body);
  if (!parsed) return Err{parsed.error()};
  const JsonBody& j = *parsed;
  MeetingBody m;
  if (create) {
    std::string title;
    MEET_TRY_ASSIGN(title, j.required_string("title", 1, kMaxTitleBytes));
    m.title = std::move(title);
  } else {
    MEET_TRY_ASSIGN(m.title, j.optional_string("title", 1, kMaxTitleBytes));
  }
  m.has_scheduled_start = j.has("scheduled_start");
  MEET_TRY_ASSIGN(m.scheduled_start_ms,
                  j.optional_int("scheduled_start", kMinTimestampMs, kMaxTimestampMs));
  m.has_scheduled_end = j.has("scheduled_end");
  MEET_TRY_ASSIGN(m.scheduled_end_ms,
                  j.optional_int("scheduled_end", kMinTimestampMs, kMaxTimestampMs));
  if (m.scheduled_start_ms && m.scheduled_end_ms && *m.scheduled_end_ms < *m.scheduled_start_ms) {
    return api_error(400, "invalid_field", "field 'scheduled_end' is before 'scheduled_start'");
  }
  std::optional<JsonBody> settings;
  MEET_TRY_ASSIGN(settings, j.optional_object("settings"));
  if (settings) {
    MEET_TRY_ASSIGN(m.lobby, settings->optional_bool("lobby"));
    MEET_TRY_ASSIGN(m.max_participants,
                    settings->optional_int("max_participants", 1, kMaxParticipantsLimit));
    MEET_TRY_ASSIGN(m.recording_auto_start, settings->optional_bool("recording_auto_start"));
    MEET_TRY_ASSIGN(m.features, settings->optional_string_list("features", meeting_features()));
  }
  return m;
}

}  // namespace

const std::set<std::string>& meeting_features() {
  static const std::set<std::string> kFeatures = {"chat", "screen_share", "recording", "reactions",
                                                  "raise_hand"};
  return kFeatures;
}

const std::set<std::string>& webhook_events() {
  static const std::set<std::string> kEvents = {
      "meeting.started",   "meeting.ended",   "participant.joined", "participant.left",
      "recording.started", "recording.ready", "recording.failed"};
  return kEvents;
}

ApiResult<CreateTenantBody> parse_create_tenant(std::string_view body) {
  auto j = JsonBody::parse(body);
  if (!j) return Err{j.error()};
  CreateTenantBody out;
  MEET_TRY_ASSIGN(out.name, j->required_string("name", 1, kMaxNameBytes));
  return out;
}

ApiResult<CreateKeyBody> parse_create_key(std::string_view body) {
  auto j = JsonBody::parse(body, /*allow_empty=*/true);
  if (!j) return Err{j.error()};
  CreateKeyBody out;
  std::optional<std::string> name;
  MEET_TRY_ASSIGN(name, j->optional_string("name", 0, kMaxNameBytes));
  out.name = name.value_or("");
  return out;
}

ApiResult<MeetingBody> parse_create_meeting(std::string_view body) {
  return parse_meeting(body, true);
}

ApiResult<MeetingBody> parse_update_meeting(std::string_view body) {
  return parse_meeting(body, false);
}

ApiResult<CreateTokenBody> parse_create_token(std::string_view body) {
  auto j = JsonBody::parse(body);
  if (!j) return Err{j.error()};
  CreateTokenBody out;
  MEET_TRY_ASSIGN(out.identity, j->required_string("identity", 1, kMaxIdentityBytes));
  std::optional<std::string> name;
  MEET_TRY_ASSIGN(name, j->optional_string("name", 0, kMaxNameBytes));
  out.name = name.value_or(out.identity);
  std::optional<std::string> role;
  MEET_TRY_ASSIGN(role, j->optional_string("role", 0, 16));
  if (!role || *role == "guest") {
    out.role = TokenRole::kGuest;
  } else if (*role == "host") {
    out.role = TokenRole::kHost;
  } else {
    return api_error(400, "invalid_field", "field 'role' must be \"host\" or \"guest\"");
  }
  std::optional<int64_t> ttl;
  MEET_TRY_ASSIGN(ttl, j->optional_int("ttl", kMinTokenTtlSeconds, kMaxTokenTtlSeconds));
  out.ttl_seconds = ttl.value_or(kDefaultTokenTtlSeconds);
  return out;
}

ApiResult<MuteBody> parse_mute(std::string_view body) {
  auto j = JsonBody::parse(body, /*allow_empty=*/true);
  if (!j) return Err{j.error()};
  MuteBody out;
  MEET_TRY_ASSIGN(out.track_id, j->optional_string("track_id", 1, kMaxIdBytes));
  std::optional<bool> muted;
  MEET_TRY_ASSIGN(muted, j->optional_bool("muted"));
  out.muted = muted.value_or(true);
  return out;
}

ApiResult<CreateWebhookBody> parse_create_webhook(std::string_view body) {
  auto j = JsonBody::parse(body);
  if (!j) return Err{j.error()};
  CreateWebhookBody out;
  MEET_TRY_ASSIGN(out.url, j->required_string("url", 1, kMaxUrlBytes));
  const bool http = out.url.starts_with("http://") && out.url.size() > 7;
  const bool https = out.url.starts_with("https://") && out.url.size() > 8;
  if (!http && !https) {
    return api_error(400, "invalid_field", "field 'url' must be an http:// or https:// URL");
  }
  for (unsigned char c : out.url) {
    if (c <= 0x20 || c == 0x7f) {
      return api_error(400, "invalid_field", "field 'url' must not contain spaces or controls");
    }
  }
  std::optional<std::vector<std::string>> events;
  MEET_TRY_ASSIGN(events, j->optional_string_list("events", webhook_events()));
  out.events = events.value_or(std::vector<std::string>{});
  return out;
}

#undef MEET_TRY_ASSIGN

}  // namespace meet::api
