#include "api/admin_routes.hpp"

#include "api/json_views.hpp"
#include "api/limits.hpp"
#include "api/pagination.hpp"
#include "api/request_bodies.hpp"
#include "common/crypto.hpp"

namespace meet::api {

void AdminRoutes::register_routes(http::Router& router, const RouteGuard& guard) {
  auto bind = [this](http::Response (AdminRoutes::*fn)(http::Request&, const Principal&)) {
    return [this, fn](http::Request& r, const Principal& p) { return (this->*fn)(r, p); };
  };
  router.add("POST", "/api/v1/tenants", guard.admin(bind(&AdminRoutes::create_tenant)));
  router.add("GET", "/api/v1/tenants", guard.admin(bind(&AdminRoutes::list_tenants)));
  router.add("GET", "/api/v1/tenants/{tenant_id}", guard.admin(bind(&AdminRoutes::get_tenant)));
  router.add("DELETE", "/api/v1/tenants/{tenant_id}",
             guard.admin(bind(&AdminRoutes::delete_tenant)));
  router.add("POST", "/api/v1/tenants/{tenant_id}/keys",
             guard.admin(bind(&AdminRoutes::create_key)));
  router.add("GET", "/api/v1/tenants/{tenant_id}/keys", guard.admin(bind(&AdminRoutes::list_keys)));
  router.add("DELETE", "/api/v1/tenants/{tenant_id}/keys/{key_id}",
             guard.admin(bind(&AdminRoutes::revoke_key)));
}

ApiResult<store::Tenant> AdminRoutes::tenant_of(http::Request& req) {
  const std::string& id = req.params["tenant_id"];
  if (!plausible_id(id)) return api_error(404, "not_found", "tenant not found");
  auto t = ctx_.store.get_tenant(id);
  if (!t) return Err{from_store_error(t.error(), "tenant")};
  return std::move(t).value();
}

http::Response AdminRoutes::create_tenant(http::Request& req, const Principal&) {
  auto body = parse_create_tenant(req.body);
  if (!body) return body.error().to_response();
  auto t = ctx_.store.create_tenant({"", body->name, ctx_.clock.now_unix_ms()});
  if (!t) return from_store_error(t.error(), "tenant").to_response();
  return http::Response::json(201, to_json(*t));
}

http::Response AdminRoutes::list_tenants(http::Request& req, const Principal&) {
  auto page = parse_page(req.query);
  if (!page) return page.error().to_response();
  auto tenants = ctx_.store.list_tenants(*page);
  if (!tenants) return from_store_error(tenants.error(), "tenant").to_response();
  return http::Response::json(200, page_json(*tenants, *page));
}

http::Response AdminRoutes::get_tenant(http::Request& req, const Principal&) {
  auto t = tenant_of(req);
  if (!t) return t.error().to_response();
  return http::Response::json(200, to_json(*t));
}

http::Response AdminRoutes::delete_tenant(http::Request& req, const Principal&) {
  auto t = tenant_of(req);
  if (!t) return t.error().to_response();
  // Disconnect everyone in the tenant's live meetings before the rows go.
  for (int64_t offset = 0;; offset += kMaxPageSize) {
    auto page = ctx_.store.list_meetings(t->id, {offset, kMaxPageSize});
    if (!page) return from_store_error(page.error(), "meeting").to_response();
    for (const auto& m : page->items) {
      if (m.status == store::MeetingStatus::kLive) ctx_.rooms.end_room(m.id);
    }
    if (static_cast<int64_t>(page->items.size()) < kMaxPageSize) break;
  }
  auto r = ctx_.store.delete_tenant(t->id);
  if (!r) return from_store_error(r.error(), "tenant").to_response();
  return http::Response::no_content();
}

http::Response AdminRoutes::create_key(http::Request& req, const Principal&) {
  auto t = tenant_of(req);
  if (!t) return t.error().to_response();
  auto body = parse_create_key(req.body);
  if (!body) return body.error().to_response();
  const auto generated = ApiKeyAuth::generate_key();
  store::ApiKey k;
  k.tenant_id = t->id;
  k.scope = store::KeyScope::kTenant;
  k.name = body->name;
  k.prefix = generated.prefix;
  k.secret_hash = generated.secret_hash;
  k.created_at_ms = ctx_.clock.now_unix_ms();
  // Signs join tokens minted offline by the tenant's backend (kid = the key id).
  k.signing_secret = "ss_" + random_token(32);
  auto created = ctx_.store.create_api_key(k);
  if (!created) return from_store_error(created.error(), "api key").to_response();
  return http::Response::json(201, {{"key", to_json(*created)},
                                    {"secret", generated.secret},
                                    {"signing_secret", created->signing_secret}});
}

http::Response AdminRoutes::list_keys(http::Request& req, const Principal&) {
  auto t = tenant_of(req);
  if (!t) return t.error().to_response();
  auto keys = ctx_.store.list_api_keys(t->id);
  if (!keys) return from_store_error(keys.error(), "api key").to_response();
  auto items = nlohmann::json::array();
  for (const auto& k : *keys) items.push_back(to_json(k));
  return http::Response::json(200, {{"items", items}, {"total", items.size()}});
}

http::Response AdminRoutes::revoke_key(http::Request& req, const Principal&) {
  auto t = tenant_of(req);
  if (!t) return t.error().to_response();
  const std::string& key_id = req.params["key_id"];
  if (!plausible_id(key_id)) return http::Response::error(404, "not_found", "api key not found");
  auto k = ctx_.store.revoke_api_key(t->id, key_id, ctx_.clock.now_unix_ms());
  if (!k) return from_store_error(k.error(), "api key").to_response();
  return http::Response::json(200, to_json(*k));
}

}  // namespace meet::api
