#include "api/participant_routes.hpp"

#include "api/ice_servers.hpp"
#include "api/json_views.hpp"
#include "api/limits.hpp"
#include "api/request_bodies.hpp"
#include "api/utf8.hpp"

namespace meet::api {
namespace {

const engine::ParticipantInfo* find(const std::vector<engine::ParticipantInfo>& all,
                                    const std::string& id) {
  for (const auto& p : all) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

http::Response participant_not_found() {
  return http::Response::error(404, "not_found", "participant not found");
}

}  // namespace

void ParticipantRoutes::register_routes(http::Router& router, const RouteGuard& guard) {
  auto bind = [this](http::Response (ParticipantRoutes::*fn)(http::Request&, const Principal&)) {
    return [this, fn](http::Request& r, const Principal& p) { return (this->*fn)(r, p); };
  };
  router.add("GET", "/api/v1/meetings/{id}/participants",
             guard.tenant(bind(&ParticipantRoutes::list)));
  router.add("POST", "/api/v1/meetings/{id}/participants/{pid}/mute",
             guard.tenant(bind(&ParticipantRoutes::mute)));
  router.add("DELETE", "/api/v1/meetings/{id}/participants/{pid}",
             guard.tenant(bind(&ParticipantRoutes::remove)));
  router.add("GET", "/api/v1/ice-servers", guard.tenant(bind(&ParticipantRoutes::ice_servers)));
}

http::Response ParticipantRoutes::list(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto items = nlohmann::json::array();
  for (const auto& p : ctx_.rooms.participants(m->id)) items.push_back(to_json(p));
  return http::Response::json(200, {{"items", items}, {"total", items.size()}});
}

http::Response ParticipantRoutes::mute(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto body = parse_mute(req.body);
  if (!body) return body.error().to_response();
  const std::string& pid = req.params["pid"];
  const auto all = ctx_.rooms.participants(m->id);
  const auto* p = find(all, pid);
  if (p == nullptr) return participant_not_found();
  std::vector<std::string> changed;
  for (const auto& t : p->tracks) {
    const bool selected = body->track_id ? t.id == *body->track_id : t.kind == "audio";
    if (!selected) continue;
    if (ctx_.rooms.set_track_muted(m->id, pid, t.id, body->muted)) changed.push_back(t.id);
  }
  if (body->track_id && changed.empty()) {
    return http::Response::error(404, "not_found", "track not found");
  }
  // Unmuting is the participant's own act: `muted: false` only asks them (202, nothing changed).
  if (!body->muted) {
    return http::Response::json(
        202, {{"participant_id", pid}, {"unmute_requested", true}, {"tracks", changed}});
  }
  return http::Response::json(200, {{"participant_id", pid}, {"muted", true}, {"tracks", changed}});
}

http::Response ParticipantRoutes::remove(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  const std::string& pid = req.params["pid"];
  if (!plausible_id(pid) || !ctx_.rooms.remove_participant(m->id, pid)) {
    return participant_not_found();
  }
  return http::Response::no_content();
}

http::Response ParticipantRoutes::ice_servers(http::Request& req, const Principal& who) {
  std::string identity = who.tenant_id;
  if (auto it = req.query.find("identity"); it != req.query.end()) {
    if (!is_valid_utf8(it->second)) {
      return http::Response::error(400, "invalid_utf8", "'identity' is not UTF-8");
    }
    if (it->second.empty() || it->second.size() > kMaxIdentityBytes) {
      return http::Response::error(400, "invalid_field", "'identity' must be 1..128 bytes");
    }
    identity = it->second;
  }
  const auto servers = ice_servers_json(ctx_.options.stun_urls, ctx_.options.turn, identity,
                                        ctx_.clock.now_unix_seconds());
  return http::Response::json(200,
                              {{"ice_servers", servers}, {"ttl", ctx_.options.turn.ttl_seconds}});
}

}  // namespace meet::api
