#include "api/webhook_routes.hpp"

#include "api/json_views.hpp"
#include "api/pagination.hpp"
#include "api/request_bodies.hpp"
#include "common/crypto.hpp"

namespace meet::api {

void WebhookRoutes::register_routes(http::Router& router, const RouteGuard& guard) {
  auto bind = [this](http::Response (WebhookRoutes::*fn)(http::Request&, const Principal&)) {
    return [this, fn](http::Request& r, const Principal& p) { return (this->*fn)(r, p); };
  };
  router.add("POST", "/api/v1/webhooks", guard.tenant(bind(&WebhookRoutes::create)));
  router.add("GET", "/api/v1/webhooks", guard.tenant(bind(&WebhookRoutes::list)));
  router.add("GET", "/api/v1/webhooks/{id}", guard.tenant(bind(&WebhookRoutes::get)));
  router.add("DELETE", "/api/v1/webhooks/{id}", guard.tenant(bind(&WebhookRoutes::remove)));
  router.add("GET", "/api/v1/webhooks/{id}/deliveries",
             guard.tenant(bind(&WebhookRoutes::deliveries)));
}

http::Response WebhookRoutes::create(http::Request& req, const Principal& who) {
  auto body = parse_create_webhook(req.body);
  if (!body) return body.error().to_response();
  store::Webhook w;
  w.tenant_id = who.tenant_id;
  w.url = body->url;
  w.events = body->events;
  w.secret = "whsec_" + random_token(24);
  w.created_at_ms = ctx_.clock.now_unix_ms();
  auto created = ctx_.store.create_webhook(w);
  if (!created) return from_store_error(created.error(), "webhook").to_response();
  auto out = to_json(*created);
  out["secret"] = created->secret;
  return http::Response::json(201, out);
}

http::Response WebhookRoutes::list(http::Request&, const Principal& who) {
  auto hooks = ctx_.store.list_webhooks(who.tenant_id);
  if (!hooks) return from_store_error(hooks.error(), "webhook").to_response();
  auto items = nlohmann::json::array();
  for (const auto& w : *hooks) items.push_back(to_json(w));
  return http::Response::json(200, {{"items", items}, {"total", items.size()}});
}

http::Response WebhookRoutes::get(http::Request& req, const Principal& who) {
  auto w = ctx_.owned_webhook(who, req.params["id"]);
  if (!w) return w.error().to_response();
  return http::Response::json(200, to_json(*w));
}

http::Response WebhookRoutes::remove(http::Request& req, const Principal& who) {
  auto w = ctx_.owned_webhook(who, req.params["id"]);
  if (!w) return w.error().to_response();
  auto r = ctx_.store.delete_webhook(w->id);
  if (!r) return from_store_error(r.error(), "webhook").to_response();
  return http::Response::no_content();
}

http::Response WebhookRoutes::deliveries(http::Request& req, const Principal& who) {
  auto w = ctx_.owned_webhook(who, req.params["id"]);
  if (!w) return w.error().to_response();
  auto page = parse_page(req.query);
  if (!page) return page.error().to_response();
  auto list = ctx_.store.list_deliveries(w->id, *page);
  if (!list) return from_store_error(list.error(), "delivery").to_response();
  return http::Response::json(200, page_json(*list, *page));
}

}  // namespace meet::api
