#include "api/app_routes.hpp"

#include "api/json_body.hpp"
#include "api/limits.hpp"
#include "api/request_bodies.hpp"
#include "common/crypto.hpp"
#include "common/jwt.hpp"

namespace meet::api {
namespace {

// Long enough for a working day, so that a reconnect after a network drop can reuse it.
constexpr int64_t kAppTokenTtlSeconds = 12 * 3600;
constexpr const char* kDefaultTitle = "Meeting";

http::Response disabled() {
  return http::Response::error(403, "app_meetings_disabled",
                               "this server creates meetings from the operator's own system");
}

http::Response bad_token(std::string_view why) {
  return http::Response::error(401, "invalid_token", why);
}

nlohmann::json meeting_json(const store::Meeting& m) {
  const char* status = m.status == store::MeetingStatus::kEnded  ? "ended"
                       : m.status == store::MeetingStatus::kLive ? "live"
                                                                 : "scheduled";
  return {{"id", m.id}, {"title", m.title}, {"status", status}};
}

}  // namespace

void AppRoutes::register_routes(http::Router& router) {
  auto bind = [this](http::Response (AppRoutes::*fn)(http::Request&)) {
    return [this, fn](http::Request& r) { return (this->*fn)(r); };
  };
  router.add("GET", "/api/app/config", bind(&AppRoutes::config));
  router.add("POST", "/api/app/meetings", bind(&AppRoutes::create));
  router.add("GET", "/api/app/meetings/{id}", bind(&AppRoutes::info));
  router.add("POST", "/api/app/meetings/{id}/join", bind(&AppRoutes::join));
  router.add("POST", "/api/app/meetings/{id}/end", bind(&AppRoutes::end));
  router.add("POST", "/api/app/session", bind(&AppRoutes::session));
}

std::optional<http::Response> AppRoutes::limited(const http::Request& req) {
  if (auto wait = ctx_.limiter.take("app:" + req.remote_ip)) {
    return http::Response::error(429, "rate_limited", "too many requests from this address")
        .with_header("Retry-After", std::to_string(*wait));
  }
  return std::nullopt;
}

ApiResult<std::string> AppRoutes::app_tenant() {
  if (tenant_ready_) return std::string(kAppTenantId);
  auto found = ctx_.store.get_tenant(kAppTenantId);
  if (!found) {
    if (found.error().code != store::StoreErrorCode::kNotFound) {
      return Err{from_store_error(found.error(), "tenant")};
    }
    store::Tenant t;
    t.id = kAppTenantId;
    t.name = "Meet web app";
    t.created_at_ms = ctx_.clock.now_unix_ms();
    auto created = ctx_.store.create_tenant(t);
    // Another node may have created it meanwhile: that is as good.
    if (!created && created.error().code != store::StoreErrorCode::kConflict) {
      return Err{from_store_error(created.error(), "tenant")};
    }
  }
  tenant_ready_ = true;
  return std::string(kAppTenantId);
}

http::Response AppRoutes::config(http::Request&) {
  return http::Response::json(200, {{"create_meetings", ctx_.options.app_meetings}});
}

http::Response AppRoutes::create(http::Request& req) {
  if (!ctx_.options.app_meetings) return disabled();
  if (auto r = limited(req)) return *r;
  auto body = JsonBody::parse(req.body);
  if (!body) return body.error().to_response();
  auto name = body->required_string("name", 1, kMaxNameBytes);
  if (!name) return name.error().to_response();
  auto title = body->optional_string("title", 1, kMaxTitleBytes);
  if (!title) return title.error().to_response();
  auto tenant = app_tenant();
  if (!tenant) return tenant.error().to_response();

  store::Meeting m;
  m.tenant_id = *tenant;
  m.title = title->value_or(kDefaultTitle);
  m.settings.max_participants = kDefaultMaxParticipants;
  m.settings.features.assign(meeting_features().begin(), meeting_features().end());
  m.created_at_ms = m.updated_at_ms = ctx_.clock.now_unix_ms();
  auto created = ctx_.store.create_meeting(m);
  if (!created) return from_store_error(created.error(), "meeting").to_response();
  return http::Response::json(201, token_json(*created, *name, true));
}

Result<store::Meeting, http::Response> AppRoutes::app_meeting(const std::string& id) {
  if (!ctx_.options.app_meetings) return Err{disabled()};
  // Only the app's own meetings: an operator's meeting needs a token from the operator.
  auto m = plausible_id(id) ? ctx_.store.get_meeting(id)
                            : store::StoreResult<store::Meeting>(
                                  store::store_error(store::StoreErrorCode::kNotFound, "id"));
  if (!m || m->tenant_id != kAppTenantId) {
    if (!m && m.error().code == store::StoreErrorCode::kUnavailable) {
      return Err{from_store_error(m.error(), "meeting").to_response()};
    }
    return Err{http::Response::error(404, "not_found", "no meeting with this code")};
  }
  return *m;
}

http::Response AppRoutes::info(http::Request& req) {
  auto m = app_meeting(req.params["id"]);
  if (!m) return m.error();
  return http::Response::json(200, meeting_json(*m));
}

http::Response AppRoutes::join(http::Request& req) {
  if (!ctx_.options.app_meetings) return disabled();
  if (auto r = limited(req)) return *r;
  auto body = JsonBody::parse(req.body);
  if (!body) return body.error().to_response();
  auto name = body->required_string("name", 1, kMaxNameBytes);
  if (!name) return name.error().to_response();
  auto m = app_meeting(req.params["id"]);
  if (!m) return m.error();
  if (m->status == store::MeetingStatus::kEnded) {
    return http::Response::error(409, "meeting_ended", "the meeting has ended");
  }
  return http::Response::json(201, token_json(*m, *name, false));
}

nlohmann::json AppRoutes::token_json(const store::Meeting& m, const std::string& name,
                                     bool host) const {
  const int64_t now = ctx_.clock.now_unix_seconds();
  JoinClaims claims;
  claims.room = m.id;
  // A fresh identity per token: the server replaces an older session of the same identity,
  // which is what a reconnect with the same token wants.
  claims.identity = "web-" + random_token(9);
  claims.name = name;
  claims.issuer = kAppTenantId;
  claims.grants.publish = claims.grants.subscribe = claims.grants.publish_data = true;
  claims.grants.moderator = claims.grants.record = host;
  claims.issued_at = now;
  claims.expires_at = now + kAppTokenTtlSeconds;
  return {{"meeting", meeting_json(m)},
          {"token", sign_join_token(claims, ctx_.options.token_secret)},
          {"identity", claims.identity},
          {"role", host ? "host" : "guest"},
          {"expires_at", claims.expires_at * 1000}};
}

ApiResult<JoinClaims> AppRoutes::claims_of(const http::Request& req) const {
  auto body = JsonBody::parse(req.body);
  if (!body) return Err{body.error()};
  auto token = body->required_string("token", 1, 8192);
  if (!token) return Err{token.error()};
  auto claims = verify_join_token(
      *token, [this](std::string_view) { return std::optional(ctx_.options.token_secret); },
      ctx_.clock.now_unix_seconds());
  if (!claims) {
    if (claims.error() == TokenError::kExpired) {
      return api_error(401, "token_expired", "the invitation has expired");
    }
    return api_error(401, "invalid_token", "the invitation is not valid");
  }
  return *claims;
}

http::Response AppRoutes::session(http::Request& req) {
  auto claims = claims_of(req);
  if (!claims) return claims.error().to_response();
  nlohmann::json meeting = {{"id", claims->room}, {"title", nullptr}, {"status", nullptr}};
  if (plausible_id(claims->room)) {
    if (auto m = ctx_.store.get_meeting(claims->room)) meeting = meeting_json(*m);
  }
  return http::Response::json(200,
                              {{"meeting", meeting},
                               {"identity", claims->identity},
                               {"name", claims->name.empty() ? claims->identity : claims->name},
                               {"role", claims->grants.moderator ? "host" : "guest"},
                               {"expires_at", claims->expires_at * 1000}});
}

http::Response AppRoutes::end(http::Request& req) {
  auto claims = claims_of(req);
  if (!claims) return claims.error().to_response();
  const std::string& id = req.params["id"];
  if (claims->room != id || !claims->grants.moderator) {
    return http::Response::error(403, "forbidden", "only a host of this meeting can end it");
  }
  auto m = plausible_id(id) ? ctx_.store.get_meeting(id)
                            : store::StoreResult<store::Meeting>(
                                  store::store_error(store::StoreErrorCode::kNotFound, "id"));
  if (!m) return bad_token("the meeting of this invitation does not exist");
  size_t disconnected = 0;
  if (m->status != store::MeetingStatus::kEnded) {
    m->status = store::MeetingStatus::kEnded;
    m->ended_at_ms = m->updated_at_ms = ctx_.clock.now_unix_ms();
    auto updated = ctx_.store.update_meeting(*m);
    if (!updated) return from_store_error(updated.error(), "meeting").to_response();
    disconnected = ctx_.rooms.end_room(m->id);
    ctx_.publish_meeting_event(*m, "meeting.ended");
  }
  auto out = meeting_json(*m);
  out["disconnected"] = disconnected;
  return http::Response::json(200, out);
}

}  // namespace meet::api
