#pragma once
// Meetings (tenant key): create, list, get, update, delete, end, join tokens, session and
// chat history.
//   POST   /api/v1/meetings
//   GET    /api/v1/meetings?offset&limit
//   GET    /api/v1/meetings/{id}
//   PATCH  /api/v1/meetings/{id}
//   DELETE /api/v1/meetings/{id}
//   POST   /api/v1/meetings/{id}/end
//   POST   /api/v1/meetings/{id}/tokens
//   GET    /api/v1/meetings/{id}/sessions?offset&limit
//   GET    /api/v1/meetings/{id}/chat?offset&limit
#include "api/api_context.hpp"
#include "api/route_guard.hpp"
#include "http/router.hpp"

namespace meet::api {

class MeetingRoutes {
 public:
  explicit MeetingRoutes(ApiContext& ctx) : ctx_(ctx) {}
  void register_routes(http::Router& router, const RouteGuard& guard);

 private:
  http::Response create(http::Request& req, const Principal& who);
  http::Response list(http::Request& req, const Principal& who);
  http::Response get(http::Request& req, const Principal& who);
  http::Response update(http::Request& req, const Principal& who);
  http::Response remove(http::Request& req, const Principal& who);
  http::Response end(http::Request& req, const Principal& who);
  http::Response mint_token(http::Request& req, const Principal& who);
  http::Response sessions(http::Request& req, const Principal& who);
  http::Response chat(http::Request& req, const Principal& who);

  ApiContext& ctx_;
};

}  // namespace meet::api
