#pragma once
// ApiHarness: the real http::Server on 127.0.0.1:0 (its control loop on a thread) serving an
// Api over a fresh Store of the chosen backend (store/store_backends.hpp) and a
// FakeRoomControl. Typed suites derive from ApiTest<Backend>.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <memory>
#include <optional>
#include <thread>

#include "api/api.hpp"
#include "api/fake_room_control.hpp"
#include "api/http_client.hpp"
#include "common/clock.hpp"
#include "common/metrics.hpp"
#include "http/server.hpp"
#include "store/store_backends.hpp"

namespace meet::testing {

inline constexpr const char* kAdminKey = "mk_admin_test_key_0123456789";
inline constexpr const char* kTokenSecret = "token-secret-for-tests";

inline api::ApiOptions default_test_options() {
  api::ApiOptions o;
  o.admin_key = kAdminKey;
  o.token_secret = kTokenSecret;
  o.public_url = "https://meet.example.test";
  o.stun_urls = {"stun:stun.example.test:3478"};
  o.turn = {{"turn:turn.example.test:3478?transport=udp"}, "turn-secret", 3600};
  o.rate_limit = {0, 0};  // off unless a test turns it on
  o.webhooks.max_attempts = 5;
  o.webhooks.allow_private_addresses = true;  // the receivers listen on loopback
  o.webhooks.initial_backoff = std::chrono::milliseconds(20);
  o.webhooks.request_timeout = std::chrono::milliseconds(2000);
  return o;
}

class ApiServer {
 public:
  ApiServer(store::Store& store, engine::RoomControl& rooms, api::ApiOptions options,
            const Clock& clock)
      : work_(boost::asio::make_work_guard(ioc_)) {
    options.metrics = &registry_;
    api_ = std::make_unique<api::Api>(store, rooms, std::move(options), clock);
    http::ServerOptions so;
    so.bind = "127.0.0.1";
    so.port = 0;
    so.max_body_bytes = 64 * 1024;
    server_ = std::make_unique<http::Server>(ioc_, so);
    api_->register_routes(server_->router());
    server_->on_request([this](const http::Request& req, const http::Response& res,
                               std::string_view route,
                               double seconds) { api_->record_request(req, res, route, seconds); });
    server_->start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~ApiServer() {
    server_->stop();
    work_.reset();
    ioc_.stop();
    thread_.join();
    server_.reset();
    api_.reset();
  }

  uint16_t port() const { return server_->port(); }
  api::Api& api() { return *api_; }
  MetricsRegistry& registry() { return registry_; }
  boost::asio::io_context& loop() { return ioc_; }

  // Runs fn on the server's control loop and waits for it (observer notices belong there).
  template <typename Fn>
  void on_loop(Fn fn) {
    std::promise<void> done;
    boost::asio::post(ioc_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  MetricsRegistry registry_;
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

struct TenantKey {
  std::string tenant_id;
  std::string key;  // the secret
  std::string key_id;
};

template <typename Backend>
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_.open(store_);
    if (!store_) return;  // skipped or failed
    start(default_test_options());
  }
  void TearDown() override { server_.reset(); }

  void start(api::ApiOptions options) {
    server_.reset();
    server_ = std::make_unique<ApiServer>(*store_, rooms_, std::move(options), clock_);
    client_.emplace(server_->port());
  }

  HttpReply call(const std::string& method, const std::string& target, const std::string& key,
                 const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!key.empty()) headers.emplace_back("X-API-Key", key);
    return client_->request(method, target, body, headers);
  }
  HttpReply admin(const std::string& method, const std::string& target,
                  const std::string& body = "") {
    return call(method, target, kAdminKey, body);
  }

  TenantKey make_tenant(const std::string& name) {
    auto t = admin("POST", "/api/v1/tenants", nlohmann::json{{"name", name}}.dump());
    EXPECT_EQ(t.status, 201) << t.body;
    const std::string id = t.json().value("id", "");
    auto k = admin("POST", "/api/v1/tenants/" + id + "/keys", R"({"name":"test"})");
    EXPECT_EQ(k.status, 201) << k.body;
    auto j = k.json();
    return {id, j.value("secret", ""), j["key"].value("id", "")};
  }
  std::string make_meeting(const TenantKey& t, const std::string& title = "Standup") {
    auto r = call("POST", "/api/v1/meetings", t.key, nlohmann::json{{"title", title}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }

  SystemClock clock_;
  Backend backend_;
  std::unique_ptr<store::Store> store_;
  FakeRoomControl rooms_;
  std::unique_ptr<ApiServer> server_;
  std::optional<HttpClient> client_;
};

}  // namespace meet::testing
