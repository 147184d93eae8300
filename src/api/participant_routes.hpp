#pragma once
// Live participants through engine::RoomControl (tenant key), plus ICE servers:
//   GET    /api/v1/meetings/{id}/participants
//   POST   /api/v1/meetings/{id}/participants/{pid}/mute   {track_id?, muted?}
//   DELETE /api/v1/meetings/{id}/participants/{pid}
//   GET    /api/v1/ice-servers?identity=
#include "api/api_context.hpp"
#include "api/route_guard.hpp"
#include "http/router.hpp"

namespace meet::api {

class ParticipantRoutes {
 public:
  explicit ParticipantRoutes(ApiContext& ctx) : ctx_(ctx) {}
  void register_routes(http::Router& router, const RouteGuard& guard);

 private:
  http::Response list(http::Request& req, const Principal& who);
  http::Response mute(http::Request& req, const Principal& who);
  http::Response remove(http::Request& req, const Principal& who);
  http::Response ice_servers(http::Request& req, const Principal& who);

  ApiContext& ctx_;
};

}  // namespace meet::api
