#include "api/recording_routes.hpp"

#include <charconv>
#include <filesystem>

#include "api/pagination.hpp"
#include "storage/signed_url.hpp"

namespace meet::api {
namespace {

constexpr int64_t kMaxLinkTtlSeconds = 7 * 24 * 3600;

ApiResult<int64_t> parse_ttl(const std::map<std::string, std::string>& query, int64_t default_ttl) {
  auto it = query.find("expires_in");
  if (it == query.end()) return default_ttl;
  int64_t v = 0;
  const auto& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 1 ||
      v > kMaxLinkTtlSeconds) {
    return api_error(400, "invalid_field",
                     "query parameter 'expires_in' must be 1..604800 seconds");
  }
  return v;
}

}  // namespace

void RecordingRoutes::register_routes(http::Router& router, const RouteGuard& guard) {
  auto bind = [this](http::Response (RecordingRoutes::*fn)(http::Request&, const Principal&)) {
    return [this, fn](http::Request& r, const Principal& p) { return (this->*fn)(r, p); };
  };
  router.add("POST", "/api/v1/meetings/{id}/recordings",
             guard.tenant(bind(&RecordingRoutes::start)));
  router.add("GET", "/api/v1/meetings/{id}/recordings",
             guard.tenant(bind(&RecordingRoutes::list_meeting)));
  router.add("GET", "/api/v1/recordings", guard.tenant(bind(&RecordingRoutes::list)));
  router.add("GET", "/api/v1/recordings/{id}", guard.tenant(bind(&RecordingRoutes::get)));
  router.add("POST", "/api/v1/recordings/{id}/stop", guard.tenant(bind(&RecordingRoutes::stop)));
  router.add("GET", "/api/v1/recordings/{id}/download",
             guard.tenant(bind(&RecordingRoutes::download)));
  router.add("DELETE", "/api/v1/recordings/{id}", guard.tenant(bind(&RecordingRoutes::remove)));
  router.add("GET", std::string(storage::kLocalDownloadPrefix) + "/{id}/{file}",
             [this](http::Request& r) { return serve_file(r); });
}

ApiResult<store::Recording> RecordingRoutes::owned(const Principal& who,
                                                   const std::string& id) const {
  if (!plausible_id(id)) return api_error(404, "not_found", "recording not found");
  auto r = ctx_.store.get_recording(id);
  if (!r) return Err{from_store_error(r.error(), "recording")};
  if (r->tenant_id != who.tenant_id) return api_error(404, "not_found", "recording not found");
  return std::move(r).value();
}

nlohmann::json RecordingRoutes::view(const store::Recording& r) const {
  return recording_json(r, service_.progress(r.id));
}

nlohmann::json RecordingRoutes::page(const store::Page<store::Recording>& p,
                                     const store::PageRequest& req) const {
  auto items = nlohmann::json::array();
  for (const auto& r : p.items) items.push_back(view(r));
  return {{"items", items}, {"total", p.total}, {"offset", req.offset}, {"limit", req.limit}};
}

http::Response RecordingRoutes::start(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto rec = service_.start(*m);
  if (!rec) return rec.error().to_response();
  return http::Response::json(201, view(*rec));
}

http::Response RecordingRoutes::list_meeting(http::Request& req, const Principal& who) {
  auto m = ctx_.owned_meeting(who, req.params["id"]);
  if (!m) return m.error().to_response();
  auto p = parse_page(req.query);
  if (!p) return p.error().to_response();
  auto recs = ctx_.store.list_meeting_recordings(m->id, *p);
  if (!recs) return from_store_error(recs.error(), "recording").to_response();
  // Recordings of a meeting belong to the meeting's tenant (checked above).
  return http::Response::json(200, page(*recs, *p));
}

http::Response RecordingRoutes::list(http::Request& req, const Principal& who) {
  auto p = parse_page(req.query);
  if (!p) return p.error().to_response();
  auto recs = ctx_.store.list_recordings(who.tenant_id, *p);
  if (!recs) return from_store_error(recs.error(), "recording").to_response();
  return http::Response::json(200, page(*recs, *p));
}

http::Response RecordingRoutes::get(http::Request& req, const Principal& who) {
  auto r = owned(who, req.params["id"]);
  if (!r) return r.error().to_response();
  return http::Response::json(200, view(*r));
}

http::Response RecordingRoutes::stop(http::Request& req, const Principal& who) {
  auto r = owned(who, req.params["id"]);
  if (!r) return r.error().to_response();
  auto stopped = service_.stop(*r);
  if (!stopped) return stopped.error().to_response();
  return http::Response::json(200, view(*stopped));
}

http::Response RecordingRoutes::download(http::Request& req, const Principal& who) {
  auto r = owned(who, req.params["id"]);
  if (!r) return r.error().to_response();
  auto ttl = parse_ttl(req.query, options_.default_link_ttl.count());
  if (!ttl) return ttl.error().to_response();
  auto url = service_.download(*r, *ttl);
  if (!url) return url.error().to_response();
  return http::Response::json(200, {{"url", url->url}, {"expires_at", url->expires_at_ms}});
}

http::Response RecordingRoutes::remove(http::Request& req, const Principal& who) {
  auto r = owned(who, req.params["id"]);
  if (!r) return r.error().to_response();
  auto removed = service_.remove(*r);
  if (!removed) return removed.error().to_response();
  return http::Response::no_content();
}

http::Response RecordingRoutes::serve_file(http::Request& req) {
  const std::string name = req.params["id"] + "/" + req.params["file"];
  auto not_found = [] { return http::Response::error(404, "not_found", "no such file"); };
  // The signature first: without a valid one nothing is told about what exists.
  auto check = options_.url_secret.empty()
                   ? storage::SignedUrlCheck::kBadSignature
                   : storage::check_local_url(options_.url_secret, name, req.query["expires"],
                                              req.query["sig"], ctx_.clock.now_unix_seconds());
  if (check == storage::SignedUrlCheck::kBadSignature) {
    return http::Response::error(403, "bad_signature", "the link is not valid");
  }
  if (check == storage::SignedUrlCheck::kExpired) {
    return http::Response::error(403, "link_expired", "the link has expired");
  }
  if (!options_.blobs || !storage::valid_blob_name(name)) return not_found();
  auto path = options_.blobs->local_file(name);
  if (!path) return not_found();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*path, ec)) return not_found();
  auto res = http::Response::file_body(
      200, *path, name.ends_with(".mp4") ? "video/mp4" : "application/octet-stream");
  res.with_header("Content-Disposition", "attachment; filename=\"" + req.params["file"] + "\"");
  res.with_header("Cache-Control", "private, no-store");
  return res;
}

}  // namespace meet::api
