#pragma once
// Tenants and their API keys (admin key only):
//   POST   /api/v1/tenants                          {name}
//   GET    /api/v1/tenants?offset&limit
//   GET    /api/v1/tenants/{tenant_id}
//   DELETE /api/v1/tenants/{tenant_id}              ends its live meetings, deletes everything
//   POST   /api/v1/tenants/{tenant_id}/keys         {name?} -> the secret, shown once
//   GET    /api/v1/tenants/{tenant_id}/keys
//   DELETE /api/v1/tenants/{tenant_id}/keys/{key_id}  revokes
#include "api/api_context.hpp"
#include "api/route_guard.hpp"
#include "http/router.hpp"

namespace meet::api {

class AdminRoutes {
 public:
  explicit AdminRoutes(ApiContext& ctx) : ctx_(ctx) {}
  void register_routes(http::Router& router, const RouteGuard& guard);

 private:
  http::Response create_tenant(http::Request& req, const Principal& who);
  http::Response list_tenants(http::Request& req, const Principal& who);
  http::Response get_tenant(http::Request& req, const Principal& who);
  http::Response delete_tenant(http::Request& req, const Principal& who);
  http::Response create_key(http::Request& req, const Principal& who);
  http::Response list_keys(http::Request& req, const Principal& who);
  http::Response revoke_key(http::Request& req, const Principal& who);
  ApiResult<store::Tenant> tenant_of(http::Request& req);

  ApiContext& ctx_;
};

}  // namespace meet::api
