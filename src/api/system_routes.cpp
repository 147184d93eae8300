#include "api/system_routes.hpp"

#include "api/openapi_document.hpp"

namespace meet::api {

void SystemRoutes::register_routes(http::Router& router) {
  router.add("GET", "/healthz", [this](http::Request&) {
    // A lookup that finds nothing proves the database answers.
    auto probe = ctx_.store.get_tenant("healthz");
    if (!probe && probe.error().code == store::StoreErrorCode::kUnavailable) {
      return http::Response::json(503, {{"status", "unavailable"}, {"store", "unavailable"}});
    }
    return http::Response::json(200, {{"status", "ok"}});
  });
  router.add("GET", "/metrics", [this](http::Request&) {
    return http::Response::text(200, metrics_text_(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.add("GET", "/api/v1/openapi.json", [](http::Request&) {
    http::Response r;
    r.status = 200;
    r.content_type = "application/json";
    r.body = std::string(openapi_document());
    return r;
  });
}

}  // namespace meet::api
