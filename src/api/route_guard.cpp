#include "api/route_guard.hpp"

namespace meet::api {

http::Router::Handler RouteGuard::wrap(store::KeyScope scope, Handler h) const {
  return [this, scope, h = std::move(h)](http::Request& req) -> http::Response {
    auto who = ctx_.auth.authenticate(req);
    if (!who) return who.error().to_response();
    if (who->scope != scope) {
      return http::Response::error(403, "forbidden",
                                   scope == store::KeyScope::kAdmin
                                       ? "this route needs the admin key"
                                       : "this route needs a tenant API key");
    }
    if (auto wait = ctx_.limiter.take(who->key_id)) {
      return http::Response::error(429, "rate_limited", "too many requests for this API key")
          .with_header("Retry-After", std::to_string(*wait));
    }
    return h(req, *who);
  };
}

}  // namespace meet::api
