#pragma once
// Routes without an API key:
//   GET /healthz               200 {"status":"ok"} or 503 when the store does not answer
//   GET /metrics               Prometheus text format
//   GET /api/v1/openapi.json   the OpenAPI 3 document of this API
// /metrics is meant for the operator's scraper: restrict it at the reverse proxy.
#include <functional>
#include <string>

#include "api/api_context.hpp"
#include "http/router.hpp"

namespace meet::api {

class SystemRoutes {
 public:
  SystemRoutes(ApiContext& ctx, std::function<std::string()> metrics_text)
      : ctx_(ctx), metrics_text_(std::move(metrics_text)) {}
  void register_routes(http::Router& router);

 private:
  ApiContext& ctx_;
  std::function<std::string()> metrics_text_;
};

}  // namespace meet::api
