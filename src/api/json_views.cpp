#include "api/json_views.hpp"

namespace meet::api {
namespace {

template <typename T>
nlohmann::json nullable(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const store::Tenant& t) {
  return {{"id", t.id}, {"name", t.name}, {"created_at", t.created_at_ms}};
}

nlohmann::json to_json(const store::ApiKey& k) {
  return {
      {"id", k.id},
      {"tenant_id", k.tenant_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(k.tenant_id)},
      {"scope", store::to_string(k.scope)},
      {"name", k.name},
      {"prefix", k.prefix},
      {"created_at", k.created_at_ms},
      {"revoked_at", nullable(k.revoked_at_ms)},
      {"last_used_at", nullable(k.last_used_at_ms)}};
}

nlohmann::json to_json(const store::Meeting& m) {
  return {{"id", m.id},
          {"title", m.title},
          {"status", store::to_string(m.status)},
          {"scheduled_start", nullable(m.scheduled_start_ms)},
          {"scheduled_end", nullable(m.scheduled_end_ms)},
          {"settings",
           {{"lobby", m.settings.lobby},
            {"max_participants", m.settings.max_participants},
            {"recording_auto_start", m.settings.recording_auto_start},
            {"features", m.settings.features}}},
          {"created_at", m.created_at_ms},
          {"updated_at", m.updated_at_ms},
          {"started_at", nullable(m.started_at_ms)},
          {"ended_at", nullable(m.ended_at_ms)}};
}

nlohmann::json to_json(const store::ParticipantSession& s) {
  return {{"id", s.id},
          {"participant_id", s.participant_id},
          {"identity", s.identity},
          {"name", s.name},
          {"joined_at", s.joined_at_ms},
          {"left_at", nullable(s.left_at_ms)},
          {"leave_reason", nullable(s.leave_reason)}};
}

nlohmann::json to_json(const store::ChatMessage& m) {
  return {{"id", m.id},
          {"identity", m.sender_identity},
          {"name", m.sender_name},
          {"text", m.text},
          {"sent_at", m.sent_at_ms}};
}

nlohmann::json to_json(const store::Webhook& w) {
  return {{"id", w.id}, {"url", w.url}, {"events", w.events}, {"created_at", w.created_at_ms}};
}

nlohmann::json to_json(const store::WebhookDelivery& d) {
  return {{"id", d.id},
          {"webhook_id", d.webhook_id},
          {"event", d.event},
          {"status", store::to_string(d.status)},
          {"attempts", d.attempts},
          {"last_status_code", nullable(d.last_status_code)},
          {"last_error", nullable(d.last_error)},
          {"created_at", d.created_at_ms},
          {"updated_at", d.updated_at_ms}};
}

nlohmann::json to_json(const engine::ParticipantInfo& p) {
  auto tracks = nlohmann::json::array();
  for (const auto& t : p.tracks) {
    tracks.push_back({{"id", t.id}, {"kind", t.kind}, {"source", t.source}, {"muted", t.muted}});
  }
  return {{"id", p.id},
          {"identity", p.identity},
          {"name", p.name},
          {"joined_at", p.joined_at_ms},
          {"tracks", tracks}};
}

}  // namespace meet::api
