#pragma once
// RouteGuard: wraps handlers with API key authentication, scope check and the per-key rate
// limit, in that order:
//   401 unauthorized       missing, unknown or revoked X-API-Key
//   403 forbidden          admin key on a tenant route or tenant key on an admin route
//   429 rate_limited       bucket empty; Retry-After: <seconds>
// then runs the handler. Control thread.
#include <functional>

#include "api/api_context.hpp"
#include "http/router.hpp"

namespace meet::api {

class RouteGuard {
 public:
  using Handler = std::function<http::Response(http::Request&, const Principal&)>;
  explicit RouteGuard(ApiContext& ctx) : ctx_(ctx) {}

  http::Router::Handler admin(Handler h) const {
    return wrap(store::KeyScope::kAdmin, std::move(h));
  }
  http::Router::Handler tenant(Handler h) const {
    return wrap(store::KeyScope::kTenant, std::move(h));
  }

 private:
  http::Router::Handler wrap(store::KeyScope scope, Handler h) const;
  ApiContext& ctx_;
};

}  // namespace meet::api
