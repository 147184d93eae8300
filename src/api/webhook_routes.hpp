#pragma once
// Webhooks of the calling tenant (tenant key):
//   POST   /api/v1/webhooks                {url, events?} -> includes the signing secret, once
//   GET    /api/v1/webhooks
//   GET    /api/v1/webhooks/{id}
//   DELETE /api/v1/webhooks/{id}
//   GET    /api/v1/webhooks/{id}/deliveries?offset&limit
#include "api/api_context.hpp"
#include "api/route_guard.hpp"
#include "http/router.hpp"

namespace meet::api {

class WebhookRoutes {
 public:
  explicit WebhookRoutes(ApiContext& ctx) : ctx_(ctx) {}
  void register_routes(http::Router& router, const RouteGuard& guard);

 private:
  http::Response create(http::Request& req, const Principal& who);
  http::Response list(http::Request& req, const Principal& who);
  http::Response get(http::Request& req, const Principal& who);
  http::Response remove(http::Request& req, const Principal& who);
  http::Response deliveries(http::Request& req, const Principal& who);

  ApiContext& ctx_;
};

}  // namespace meet::api
