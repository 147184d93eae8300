#pragma once
// AppRoutes: what the meeting web app (web/app) asks the server for, without an API key, so
// that no key ever reaches a browser. Meetings made here belong to one built-in tenant
// (`tn_webapp`, created on first use); the operator switches creating and joining them off
// with APP_MEETINGS=false when meetings come from their own backend (join_url tokens).
//   GET  /api/app/config                  {"create_meetings": bool}
//   POST /api/app/meetings                {"title"?, "name"} -> host token of a new meeting
//   GET  /api/app/meetings/{id}           {"id","title","status"} (app meetings only)
//   POST /api/app/meetings/{id}/join      {"name"} -> guest token (app meetings only)
//   POST /api/app/session                 {"token"} -> the token's meeting (title, status), role
//   POST /api/app/meetings/{id}/end       {"token"} host token of that meeting -> ends it
// Errors as in docs/api.md, plus 403 `app_meetings_disabled` and 401 `invalid_token`.
// Creating and joining are rate limited per client address (the API key's bucket sizes).
// Control thread.
#include <nlohmann/json.hpp>

#include "api/api_context.hpp"
#include "common/jwt.hpp"
#include "http/router.hpp"

namespace meet::api {

inline constexpr const char* kAppTenantId = "tn_webapp";

class AppRoutes {
 public:
  explicit AppRoutes(ApiContext& ctx) : ctx_(ctx) {}
  void register_routes(http::Router& router);

 private:
  http::Response config(http::Request& req);
  http::Response create(http::Request& req);
  http::Response info(http::Request& req);
  http::Response join(http::Request& req);
  // The app's own meeting `id`, or the error response (403 when switched off, 404).
  Result<store::Meeting, http::Response> app_meeting(const std::string& id);
  http::Response session(http::Request& req);
  http::Response end(http::Request& req);

  // The app tenant's id, creating the tenant the first time.
  ApiResult<std::string> app_tenant();
  // A new host or guest token for meeting `m`, with the meeting, as the create/join reply.
  nlohmann::json token_json(const store::Meeting& m, const std::string& name, bool host) const;
  // The claims of the body's `token`, checked with the token secret.
  ApiResult<JoinClaims> claims_of(const http::Request& req) const;
  std::optional<http::Response> limited(const http::Request& req);

  ApiContext& ctx_;
  bool tenant_ready_ = false;
};

}  // namespace meet::api
