#pragma once
// Recordings (tenant key), issue 14:
//   POST   /api/v1/meetings/{id}/recordings     start (201)
//   GET    /api/v1/meetings/{id}/recordings     list the meeting's, newest first
//   GET    /api/v1/recordings                   list the tenant's, newest first
//   GET    /api/v1/recordings/{id}
//   POST   /api/v1/recordings/{id}/stop
//   GET    /api/v1/recordings/{id}/download?expires_in=<seconds>  -> {"url","expires_at"}
//   DELETE /api/v1/recordings/{id}              removes the file(s) and the row (204)
// And without a key, the signed local-disk download link (storage/signed_url.hpp):
//   GET    /recordings/{id}/{file}?expires=..&sig=..
#include "api/api_context.hpp"
#include "api/recording_service.hpp"
#include "api/route_guard.hpp"
#include "http/router.hpp"

namespace meet::api {

class RecordingRoutes {
 public:
  RecordingRoutes(ApiContext& ctx, RecordingService& service, const RecordingOptions& options)
      : ctx_(ctx), service_(service), options_(options) {}
  void register_routes(http::Router& router, const RouteGuard& guard);

 private:
  http::Response start(http::Request& req, const Principal& who);
  http::Response list_meeting(http::Request& req, const Principal& who);
  http::Response list(http::Request& req, const Principal& who);
  http::Response get(http::Request& req, const Principal& who);
  http::Response stop(http::Request& req, const Principal& who);
  http::Response download(http::Request& req, const Principal& who);
  http::Response remove(http::Request& req, const Principal& who);
  http::Response serve_file(http::Request& req);

  ApiResult<store::Recording> owned(const Principal& who, const std::string& id) const;
  nlohmann::json page(const store::Page<store::Recording>& p, const store::PageRequest& r) const;
  nlohmann::json view(const store::Recording& r) const;

  ApiContext& ctx_;
  RecordingService& service_;
  const RecordingOptions& options_;
};

}  // namespace meet::api
