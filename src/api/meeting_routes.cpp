#include "api/meeting_routes.hpp"

#include "api/json_views.hpp"
#include "api/limits.hpp"
#include "api/pagination.hpp"
#include "api/request_bodies.hpp"
#include "common/jwt.hpp"
#include "http/url.hpp"

namespace meet::api {
namespace {

void apply(const MeetingBody& b, store::Meeting& m) {
  if (b.title) m.title = *b.title;
  if (b.has_scheduled_start) m.scheduled_start_ms = b.scheduled_start_ms;
  if (b.has_scheduled_end) m.scheduled_end_ms = b.scheduled_end_ms;
  if (b.lobby) m.settings.lobby = *b.lobby;
  if (b.max_participants) m.settings.max_participants = *b.max_participants;
  if (b.recording_auto_start) m.settings.recording_auto_start = *b.recording_auto_start;
  if (b.features) m.settings.features = *b.features;
}

Grants grants_for(TokenRole role) {
  Grants g;
  g.publish = g.subscribe = g.publish_data = true;
  if (role == TokenRole::kHost) g.record = g.moderator = true;
  return g;
}

}  // namespace

void MeetingRoutes::register_routes(http::Router& router, const RouteGuard& guard) {
  auto bind = [this](http::Response (MeetingRoutes::*fn)(http::Request&, const Principal&)) {
    return [this, fn](http::Request& r, const Principal& p) { return (this->*fn)(r, p); };
  };
  router.add("POST", "/api/v1/meetings", guard.tenant(bind(&MeetingRoutes::create)));
  router.add("GET", "/api/v1/meetings", guard.tenant(bind(&MeetingRoutes::list)));
  router.add("GET", "/api/v1/meetings/{id}", guard.tenant(bind(&MeetingRoutes::get)));
  router.add("PATCH", "/api/v1/meetings/{id}", guard.tenant(bind(&MeetingRoutes::update)));
  router.add("DELETE", "/api/v1/meetings/{id}", guard.tenant(bind(&MeetingRoutes::remove)));
  router.add("POST", "/api/v1/meetings/{id}/end", guard.tenant(bind(&MeetingRoutes::end)));
  router.add("POST", "/api/v1/meetings/{id}/tokens",
             guard.tenant(bind(&MeetingRoutes::mint_token)));
  router.add("GET", "/api/v1/meetings/{id}/sessions", guard.tenant(bind(&MeetingRoutes::sessions)));
  router.add("GET", "/api/v1/meetings/{id}/chat", guard.tenant(bind(&MeetingRoutes::chat)));
}

http::Response MeetingRoutes::create(http::Request& req, const Principal& who) {
  auto body = parse_create_meeting(req.body);
  if (!body) return body.error().to_response();
  store::Meeting m;
  m.tenant_id = who.tenant_id;
  m.settings.max_participants = kDefaultMaxParticipants;
  // Without a list a meeting has every feature; a list (even empty) names the ones it has.
  m.settings.features.assign(meeting_features().begin(), meeting_features().end());
  apply(*body, m);
  m.created_at_ms = m.updated_at_ms = ctx_.clock.now_unix_ms();
  auto created = ctx_.store.create_meeting(m);
  if (!created) return from_store_error(created.error(), "meeting").to_response();
  return http::Response::json(201, to_json(*created));
}

http::Response MeetingRoutes::list(http::Request& req, const Principal& who) {
  auto page = parse_page(req.query);
  if (!page) return page.error().to_response();
  auto meetings = ctx_.store.list_meetings(who.tenant_id, *page);
  if (!meetings) return from_store_error(meetings.error(), "meeting").to_response();
  return http::Response::json(200, page_json(*meetings, *page));
}

http::Response MeetingRoutes::get(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  return http::Response::json(200, to_json(*m));
}

http::Response MeetingRoutes::update(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto body = parse_update_meeting(req.body);
  if (!body) return body.error().to_response();
  apply(*body, *m);
  if (m->scheduled_start_ms && m->scheduled_end_ms &&
      *m->scheduled_end_ms < *m->scheduled_start_ms) {
    return http::Response::error(400, "invalid_field",
                                 "field 'scheduled_end' is before 'scheduled_start'");
  }
  m->updated_at_ms = ctx_.clock.now_unix_ms();
  auto updated = ctx_.store.update_meeting(*m);
  if (!updated) return from_store_error(updated.error(), "meeting").to_response();
  return http::Response::json(200, to_json(*updated));
}

http::Response MeetingRoutes::remove(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  // Mark it ended first so that the room's own "finished" notice does not fire again.
  if (m->status != store::MeetingStatus::kEnded) {
    m->status = store::MeetingStatus::kEnded;
    m->ended_at_ms = m->updated_at_ms = ctx_.clock.now_unix_ms();
    (void)ctx_.store.update_meeting(*m);
    ctx_.rooms.end_room(m->id);
    if (m->started_at_ms) ctx_.publish_meeting_event(*m, "meeting.ended");
  }
  auto r = ctx_.store.delete_meeting(m->id);
  if (!r) return from_store_error(r.error(), "meeting").to_response();
  return http::Response::no_content();
}

http::Response MeetingRoutes::end(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  size_t disconnected = 0;
  if (m->status != store::MeetingStatus::kEnded) {
    m->status = store::MeetingStatus::kEnded;
    m->ended_at_ms = m->updated_at_ms = ctx_.clock.now_unix_ms();
    auto updated = ctx_.store.update_meeting(*m);
    if (!updated) return from_store_error(updated.error(), "meeting").to_response();
    disconnected = ctx_.rooms.end_room(m->id);
    ctx_.publish_meeting_event(*m, "meeting.ended");
  }
  auto out = to_json(*m);
  out["disconnected"] = disconnected;
  return http::Response::json(200, out);
}

http::Response MeetingRoutes::mint_token(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto body = parse_create_token(req.body);
  if (!body) return body.error().to_response();
  if (m->status == store::MeetingStatus::kEnded) {
    return http::Response::error(409, "meeting_ended", "the meeting has ended");
  }
  const int64_t now = ctx_.clock.now_unix_seconds();
  JoinClaims claims;
  claims.room = m->id;
  claims.identity = body->identity;
  claims.name = body->name;
  claims.issuer = who.tenant_id;
  claims.grants = grants_for(body->role);
  claims.issued_at = now;
  claims.expires_at = now + body->ttl_seconds;
  const std::string token = sign_join_token(claims, ctx_.options.token_secret);
  return http::Response::json(
      201, {{"token", token},
            {"join_url", ctx_.options.public_url + "/?token=" + http::url_encode(token)},
            {"expires_at", claims.expires_at * 1000},
            {"identity", claims.identity},
            {"role", body->role == TokenRole::kHost ? "host" : "guest"}});
}

http::Response MeetingRoutes::sessions(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto page = parse_page(req.query);
  if (!page) return page.error().to_response();
  auto sessions = ctx_.store.list_sessions(m->id, *page);
  if (!sessions) return from_store_error(sessions.error(), "session").to_response();
  return http::Response::json(200, page_json(*sessions, *page));
}

http::Response MeetingRoutes::chat(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto page = parse_page(req.query);
  if (!page) return page.error().to_response();
  auto messages = ctx_.store.list_chat_messages(m->id, *page);
  if (!messages) return from_store_error(messages.error(), "chat message").to_response();
  return http::Response::json(200, page_json(*messages, *page));
}

}  // namespace meet::api
