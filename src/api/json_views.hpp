#pragma once
// JSON shapes of API resources (docs/api.md). Times are unix milliseconds, absent ones null.
// Secrets (key hashes, webhook secrets) are never included here.
#include <nlohmann/json.hpp>

#include "engine/room_control.hpp"
#include "store/records.hpp"

namespace meet::api {

nlohmann::json to_json(const store::Tenant& t);
nlohmann::json to_json(const store::ApiKey& k);
nlohmann::json to_json(const store::Meeting& m);
nlohmann::json to_json(const store::ParticipantSession& s);
nlohmann::json to_json(const store::ChatMessage& m);
nlohmann::json to_json(const store::Webhook& w);
nlohmann::json to_json(const store::WebhookDelivery& d);
nlohmann::json to_json(const engine::ParticipantInfo& p);

template <typename T>
nlohmann::json page_json(const store::Page<T>& page, const store::PageRequest& req) {
  auto items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", items}, {"total", page.total}, {"offset", req.offset}, {"limit", req.limit}};
}

}  // namespace meet::api
