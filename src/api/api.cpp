#include "api/api.hpp"

#include "api/api_parts.hpp"
#include "api/request_bodies.hpp"
#include "common/log.hpp"

namespace meet::api {
namespace {

// Bounded label values: clients can send any method name.
std::string known_method(const std::string& m) {
  for (const char* k : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (m == k) return m;
  }
  return "other";
}

}  // namespace

ApiParts::ApiParts(store::Store& store, engine::RoomControl& rooms, ApiOptions opts,
                   const Clock& clock)
    : options(std::move(opts)),
      auth(store, clock, options.admin_key),
      limiter(options.rate_limit, clock),
      webhooks(store, clock, options.webhooks),
      ctx{store, rooms, options, clock, auth, limiter, webhooks},
      guard(ctx),
      events(ctx),
      admin_routes(ctx),
      meeting_routes(ctx),
      participant_routes(ctx),
      webhook_routes(ctx),
      system_routes(ctx,
                    [this] {
                      auto text = registry().render_prometheus();
                      if (options.extra_metrics) text += options.extra_metrics();
                      return text;
                    }),
      app_routes(ctx),
      recordings(ctx, options.recording),
      recording_routes(ctx, recordings, options.recording) {}

Api::Api(store::Store& store, engine::RoomControl& rooms, ApiOptions options, const Clock& clock)
    : parts_(std::make_unique<ApiParts>(store, rooms, std::move(options), clock)) {}

Api::~Api() {
  // Uploads first: a finishing upload still publishes recording.ready.
  if (auto* uploads = parts_->recordings.uploads()) uploads->stop();
  parts_->webhooks.stop();
}

void Api::register_routes(http::Router& router) {
  parts_->admin_routes.register_routes(router, parts_->guard);
  parts_->meeting_routes.register_routes(router, parts_->guard);
  parts_->participant_routes.register_routes(router, parts_->guard);
  parts_->webhook_routes.register_routes(router, parts_->guard);
  parts_->system_routes.register_routes(router);
  parts_->app_routes.register_routes(router);
  parts_->recording_routes.register_routes(router, parts_->guard);
}

RecordingEvents& Api::recording_events() {
  return parts_->recordings;
}

void Api::set_recording_control(RecordingControl& control) {
  parts_->recordings.set_control(control);
}

size_t Api::resume_recording_uploads() {
  return parts_->recordings.resume_uploads();
}

storage::UploadQueue* Api::recording_uploads() {
  return parts_->recordings.uploads();
}

engine::RoomObserver& Api::observer() {
  return parts_->events;
}

std::optional<std::string> Api::admission_error(const std::string& meeting_id,
                                                const std::string& tenant_id,
                                                size_t current_participants) {
  auto a = admission(meeting_id, tenant_id);
  if (a.error) return a.error;
  if (static_cast<int64_t>(current_participants) >= a.max_participants) return "room_full";
  return std::nullopt;
}

Api::Admission Api::admission(const std::string& meeting_id, const std::string& tenant_id) {
  if (!plausible_id(meeting_id)) return {"room_closed"};
  auto m = parts_->ctx.store.get_meeting(meeting_id);
  if (!m || m->status == store::MeetingStatus::kEnded) return {"room_closed"};
  if (m->tenant_id != tenant_id) return {"invalid_token"};
  auto removed = parts_->ctx.store.removed_identities(meeting_id);
  if (!removed) return {"room_closed"};  // the store cannot answer: refuse, as for the meeting
  return {std::nullopt, m->settings.max_participants, std::move(removed).value()};
}

std::optional<std::string> Api::join_token_secret(std::string_view issuer, std::string_view key_id,
                                                  const std::string& server_secret) {
  if (key_id.empty()) return server_secret;
  if (issuer.empty() || !plausible_id(std::string(key_id))) return std::nullopt;
  auto k = parts_->ctx.store.get_api_key(std::string(key_id));
  if (!k || k->scope != store::KeyScope::kTenant || k->revoked_at_ms || k->signing_secret.empty() ||
      k->tenant_id != issuer) {
    return std::nullopt;
  }
  return k->signing_secret;
}

std::optional<store::MeetingSettings> Api::meeting_settings(const std::string& meeting_id) {
  if (!plausible_id(meeting_id)) return std::nullopt;
  auto m = parts_->ctx.store.get_meeting(meeting_id);
  if (!m) return std::nullopt;
  return m->settings;
}

std::vector<std::string> Api::all_features() {
  const auto& all = api::meeting_features();
  return {all.begin(), all.end()};
}

void Api::record_chat(store::ChatMessage message) {
  auto added = parts_->ctx.store.add_chat_message(message);
  if (!added) {
    logger("api")->warn("chat message not stored meeting={} reason={}", message.meeting_id,
                        added.error().message);
  }
}

store::StoreResult<store::RecoveryReport> Api::recover_after_restart(const std::string& node_id) {
  auto& ctx = parts_->ctx;
  auto report = ctx.store.recover_after_restart(node_id, ctx.clock.now_unix_ms());
  if (!report) return report;
  for (const auto& s : report->closed_sessions) {
    auto m = ctx.store.get_meeting(s.meeting_id);
    if (!m) continue;
    ctx.webhooks.publish(
        m->tenant_id, "participant.left",
        {{"meeting_id", s.meeting_id},
         {"participant", {{"id", s.participant_id}, {"identity", s.identity}, {"name", s.name}}},
         {"reason", s.leave_reason.value_or("server_restart")}});
  }
  for (const auto& m : report->finished_meetings) ctx.publish_meeting_event(m, "meeting.ended");
  return report;
}

store::StoreResult<std::optional<std::string>> Api::ensure_admin_key() {
  return parts_->auth.ensure_admin_key();
}

void Api::record_request(const http::Request& request, const http::Response& response,
                         std::string_view route, double seconds) {
  auto& registry = parts_->registry();
  const std::string route_name(route);
  registry
      .counter("meet_api_requests_total", "HTTP requests by route, method and status",
               {{"route", route_name},
                {"method", known_method(request.method)},
                {"status", std::to_string(response.status)}})
      .inc();
  registry
      .histogram("meet_api_request_duration_seconds", "HTTP request latency by route",
                 MetricsRegistry::default_latency_buckets(), {{"route", route_name}})
      .observe(seconds);
}

}  // namespace meet::api
