#include "api/openapi_document.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/api.hpp"
#include "api/fake_room_control.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace meet::api {
namespace {

using Operation = std::pair<std::string, std::string>;  // method, path pattern

std::set<Operation> documented() {
  auto doc = nlohmann::json::parse(openapi_document());
  std::set<Operation> out;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.insert({m, path});
    }
  }
  return out;
}

TEST(OpenApiDocument, IsOpenApi3Json) {
  auto doc = nlohmann::json::parse(openapi_document(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

TEST(OpenApiDocument, DescribesExactlyTheRoutesTheApiServes) {
  const std::set<Operation> routes = {
      {"POST", "/api/v1/tenants"},
      {"GET", "/api/v1/tenants"},
      {"GET", "/api/v1/tenants/{tenant_id}"},
      {"DELETE", "/api/v1/tenants/{tenant_id}"},
      {"POST", "/api/v1/tenants/{tenant_id}/keys"},
      {"GET", "/api/v1/tenants/{tenant_id}/keys"},
      {"DELETE", "/api/v1/tenants/{tenant_id}/keys/{key_id}"},
      {"POST", "/api/v1/meetings"},
      {"GET", "/api/v1/meetings"},
      {"GET", "/api/v1/meetings/{id}"},
      {"PATCH", "/api/v1/meetings/{id}"},
      {"DELETE", "/api/v1/meetings/{id}"},
      {"POST", "/api/v1/meetings/{id}/end"},
      {"POST", "/api/v1/meetings/{id}/tokens"},
      {"GET", "/api/v1/meetings/{id}/sessions"},
      {"GET", "/api/v1/meetings/{id}/chat"},
      {"GET", "/api/v1/meetings/{id}/participants"},
      {"POST", "/api/v1/meetings/{id}/participants/{pid}/mute"},
      {"DELETE", "/api/v1/meetings/{id}/participants/{pid}"},
      {"GET", "/api/v1/ice-servers"},
      {"POST", "/api/v1/webhooks"},
      {"GET", "/api/v1/webhooks"},
      {"GET", "/api/v1/webhooks/{id}"},
      {"DELETE", "/api/v1/webhooks/{id}"},
      {"GET", "/api/v1/webhooks/{id}/deliveries"},
      {"POST", "/api/v1/meetings/{id}/recordings"},
      {"GET", "/api/v1/meetings/{id}/recordings"},
      {"GET", "/api/v1/recordings"},
      {"GET", "/api/v1/recordings/{id}"},
      {"DELETE", "/api/v1/recordings/{id}"},
      {"POST", "/api/v1/recordings/{id}/stop"},
      {"GET", "/api/v1/recordings/{id}/download"},
      {"GET", "/recordings/{id}/{file}"},
      {"GET", "/healthz"},
      {"GET", "/metrics"},
      {"GET", "/api/v1/openapi.json"},
  };
  EXPECT_EQ(documented(), routes);

  auto store = store::SqliteStore::open(":memory:");
  ASSERT_TRUE(store.ok());
  testing::FakeRoomControl rooms;
  SystemClock clock;
  ApiOptions options;
  options.admin_key = "admin";
  MetricsRegistry registry;
  options.metrics = &registry;
  Api api(**store, rooms, options, clock);
  http::Router router;
  api.register_routes(router);
  for (const auto& [method, pattern] : routes) {
    http::Request req;
    req.method = method;
    std::string path = pattern;
    for (size_t at; (at = path.find('{')) != std::string::npos;) {
      path.replace(at, path.find('}', at) - at + 1, "x");
    }
    req.set_target(path);
    auto res = router.handle(req);
    EXPECT_NE(res.status, 404) << method << " " << path << " " << res.body;
    EXPECT_NE(res.status, 405) << method << " " << path;
  }
}

}  // namespace
}  // namespace meet::api
