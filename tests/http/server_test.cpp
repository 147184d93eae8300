#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>

#include "test_client.hpp"

namespace meet::http {
namespace {

using namespace meet::http::testing;

nlohmann::json json_of(const bhttp::response<bhttp::string_body>& r) {
  return nlohmann::json::parse(r.body());
}

struct Seen {
  std::string route;
  int status = 0;
  double seconds = -1;
};

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    harness_ = std::make_unique<ServerHarness>(std::move(options));
    auto& r = harness_->server().router();
    r.add("GET", "/api/v1/hello", [](Request&) { return Response::json(200, {{"hello", 1}}); });
    r.add(
        "POST", "/api/v1/meetings/{id}/tokens",
        [](Request& req) {
          return Response::json(200, {{"id", req.params["id"]},
                                      {"body", req.body},
                                      {"query", req.query},
                                      {"key", req.header("x-api-key").value_or("")},
                                      {"ip", req.remote_ip}});
        },
        "meeting_tokens");
    r.add("GET", "/api/v1/boom", [](Request&) -> Response { throw std::runtime_error("x"); });
    r.add("GET", "/api/v1/empty", [](Request&) { return Response::no_content(); });
    r.add("GET", "/api/v1/later", [](Request&) { return Response::json(200, {}); });
    r.add_async("GET", "/api/v1/async", [](Request& req, Router::Respond respond) {
      // Answer from another thread, as an engine query would.
      std::thread([respond, v = req.query["v"]] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        respond(Response::json(200, {{"v", v}}));
      }).detach();
    });
    r.add_async("GET", "/api/v1/never",
                [this](Request&, Router::Respond respond) { held_.push_back(respond); });
    r.add("GET", "/api/v1/bad-header", [](Request&) {
      return Response::json(200, {}).with_header("X-Evil", "a\r\nSet-Cookie: x=1");
    });
    harness_->server().on_request(
        [this](const Request&, const Response& res, std::string_view route, double seconds) {
          std::lock_guard lock(mu_);
          seen_.push_back({std::string(route), res.status, seconds});
        });
    harness_->start();
  }
  void TearDown() override {
    if (harness_) harness_->shutdown();
    held_.clear();  // they keep sessions alive, which must go before the io_context
    harness_.reset();
  }

  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  std::unique_ptr<ServerHarness> harness_;
  std::mutex mu_;
  std::vector<Seen> seen_;
  std::vector<Router::Respond> held_;  // loop thread only
};

TEST_F(ServerTest, RoutesRequestsAndKeepsAlive) {
  start();
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::get, "/api/v1/hello");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r[bhttp::field::content_type], "application/json");
  EXPECT_EQ(r[bhttp::field::server], "meet");
  EXPECT_EQ(json_of(r)["hello"], 1);
  EXPECT_TRUE(r.keep_alive());
  // Same connection, second request.
  auto r2 = c.request(bhttp::verb::get, "/api/v1/hello");
  EXPECT_EQ(r2.result_int(), 200);
}

TEST_F(ServerTest, PassesPathParamsQueryHeadersAndBody) {
  start();
  HttpClient c(harness_->port());
  auto r =
      c.request(bhttp::verb::post, "/api/v1/meetings/team%20sync/tokens?name=J%C3%B6rg+M&x=%26",
                "payload", {{"X-API-Key", "k1"}});
  ASSERT_EQ(r.result_int(), 200) << r.body();
  auto j = json_of(r);
  EXPECT_EQ(j["id"], "team sync");
  EXPECT_EQ(j["body"], "payload");
  EXPECT_EQ(j["query"]["name"], "J\xC3\xB6rg M");
  EXPECT_EQ(j["query"]["x"], "&");
  EXPECT_EQ(j["key"], "k1");
  EXPECT_EQ(j["ip"], "127.0.0.1");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405) {
  start();
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::get, "/api/v1/nope");
  EXPECT_EQ(r.result_int(), 404);
  EXPECT_EQ(r[bhttp::field::content_type], "application/json");
  EXPECT_EQ(json_of(r)["error"]["code"], "not_found");
  auto m = c.request(bhttp::verb::delete_, "/api/v1/hello");
  EXPECT_EQ(m.result_int(), 405);
  EXPECT_EQ(m[bhttp::field::allow], "GET, HEAD");
  EXPECT_EQ(json_of(m)["error"]["code"], "method_not_allowed");
}

TEST_F(ServerTest, HandlerExceptionIs500Json) {
  start();
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::get, "/api/v1/boom");
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(json_of(r)["error"]["code"], "internal");
  // The connection survives.
  EXPECT_EQ(c.request(bhttp::verb::get, "/api/v1/hello").result_int(), 200);
}

TEST_F(ServerTest, AsyncHandlerAnswersFromAnotherThread) {
  start();
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::get, "/api/v1/async?v=42");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(json_of(r)["v"], "42");
}

TEST_F(ServerTest, HeadAndNoContentHaveNoBody) {
  start();
  HttpClient c(harness_->port());
  auto h = c.request(bhttp::verb::head, "/api/v1/hello");
  EXPECT_EQ(h.result_int(), 200);
  EXPECT_EQ(h[bhttp::field::content_length], "11");
  EXPECT_TRUE(h.body().empty());
  auto e = c.request(bhttp::verb::get, "/api/v1/empty");
  EXPECT_EQ(e.result_int(), 204);
  EXPECT_TRUE(e.body().empty());
  EXPECT_EQ(c.request(bhttp::verb::get, "/api/v1/hello").result_int(), 200);
}

TEST_F(ServerTest, DropsHeadersWithLineBreaks) {
  start();
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::get, "/api/v1/bad-header");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.count("X-Evil"), 0u);
  EXPECT_EQ(r.count(bhttp::field::set_cookie), 0u);
}

TEST_F(ServerTest, BodyOverLimitIs413AndCloses) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  start(o);
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::post, "/api/v1/meetings/x/tokens", std::string(4096, 'a'));
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(json_of(r)["error"]["code"], "body_too_large");
  EXPECT_FALSE(r.keep_alive());
  boost::system::error_code ec;
  c.read_until_close(&ec);
  EXPECT_TRUE(closed_by_server(ec)) << ec.message();
  // Exactly at the limit is fine.
  HttpClient c2(harness_->port());
  EXPECT_EQ(c2.request(bhttp::verb::post, "/api/v1/meetings/x/tokens", std::string(1024, 'a'))
                .result_int(),
            200);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  start(o);
  HttpClient c(harness_->port());
  std::string chunk(800, 'b');
  c.write_raw(
      "POST /api/v1/meetings/x/tokens HTTP/1.1\r\nHost: x\r\n"
      "Transfer-Encoding: chunked\r\n\r\n");
  c.write_raw("320\r\n" + chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
  std::string out = c.read_until_close();
  EXPECT_TRUE(out.starts_with("HTTP/1.1 413")) << out;
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  start();
  HttpClient c(harness_->port());
  c.write_raw(
      "POST /api/v1/meetings/m/tokens HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
      "Expect: 100-continue\r\n\r\n");
  std::array<char, 64> buf{};
  size_t n = c.socket().read_some(asio::buffer(buf));
  EXPECT_EQ(std::string(buf.data(), n), "HTTP/1.1 100 Continue\r\n\r\n");
  c.write_raw("abc");
  auto r = c.read_response();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(json_of(r)["body"], "abc");
}

TEST_F(ServerTest, MalformedRequestIs400AndCloses) {
  start();
  const char* bad[] = {
      "GARBAGE\r\n\r\n",
      "GET /api/v1/hello HTTP/9.9\r\n\r\n",
      "GET /api/v1/hello HTTP/1.1\r\nBad Header\r\n\r\n",
      "POST /api/v1/hello HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
      "GET  HTTP/1.1\r\n\r\n",
  };
  for (const char* raw : bad) {
    HttpClient c(harness_->port());
    c.write_raw(raw);
    boost::system::error_code ec;
    std::string out = c.read_until_close(&ec);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 400")) << raw << " -> " << out;
    EXPECT_NE(out.find("application/json"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("code":"bad_request")"), std::string::npos) << out;
    EXPECT_TRUE(closed_by_server(ec)) << ec.message();
  }
}

TEST_F(ServerTest, AbsoluteFormTargetIs400) {
  start();
  HttpClient c(harness_->port());
  c.write_raw("GET http://x/api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.result_int(), 400);
}

TEST_F(ServerTest, HugeHeadersAre431) {
  start();
  HttpClient c(harness_->port());
  c.write_raw("GET /api/v1/hello HTTP/1.1\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n");
  std::string out = c.read_until_close();
  EXPECT_TRUE(out.starts_with("HTTP/1.1 431")) << out.substr(0, 100);
}

TEST_F(ServerTest, IdleConnectionIsClosedAfterTimeout) {
  ServerOptions o;
  o.idle_timeout = std::chrono::seconds(1);
  start(o);
  HttpClient idle(harness_->port());
  HttpClient slow(harness_->port());
  slow.write_raw("GET /api/v1/hello HTTP/1.1\r\n");  // never finishes its headers
  auto t0 = std::chrono::steady_clock::now();
  boost::system::error_code ec1, ec2;
  idle.read_until_close(&ec1);
  slow.read_until_close(&ec2);
  EXPECT_TRUE(closed_by_server(ec1)) << ec1.message();
  EXPECT_TRUE(closed_by_server(ec2)) << ec2.message();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST_F(ServerTest, RefusesConnectionsOverThePerAddressBoundWithAJson503) {
  ServerOptions o;
  o.max_connections_per_address = 2;
  start(o);
  HttpClient a(harness_->port());
  HttpClient b(harness_->port());
  EXPECT_EQ(a.request(bhttp::verb::get, "/api/v1/hello").result_int(), 200);
  EXPECT_EQ(b.request(bhttp::verb::get, "/api/v1/hello").result_int(), 200);
  HttpClient c(harness_->port());
  auto r = c.request(bhttp::verb::get, "/api/v1/hello");
  EXPECT_EQ(r.result_int(), 503);
  EXPECT_EQ(json_of(r)["error"]["code"], "too_many_connections");
}

TEST_F(ServerTest, TrustedProxyIsBoundOnlyByTheTotal) {
  // Behind nginx every client arrives from the proxy's address.
  ServerOptions o;
  o.max_connections_per_address = 2;
  o.max_connections = 4;
  o.trusted_proxies = TrustedProxies::parse("127.0.0.1").value();
  start(o);
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<HttpClient>(harness_->port()));
    EXPECT_EQ(clients.back()->request(bhttp::verb::get, "/api/v1/hello").result_int(), 200) << i;
  }
  HttpClient over(harness_->port());
  auto r = over.request(bhttp::verb::get, "/api/v1/hello");
  EXPECT_EQ(r.result_int(), 503);
  EXPECT_EQ(json_of(r)["error"]["code"], "too_many_connections");
}

TEST_F(ServerTest, HookSeesRouteStatusAndDuration) {
  start();
  HttpClient c(harness_->port());
  c.request(bhttp::verb::post, "/api/v1/meetings/a/tokens");
  c.request(bhttp::verb::get, "/api/v1/nope");
  auto s = seen();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].route, "meeting_tokens");
  EXPECT_EQ(s[0].status, 200);
  EXPECT_GE(s[0].seconds, 0.0);
  EXPECT_EQ(s[1].route, "unmatched");
  EXPECT_EQ(s[1].status, 404);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndEndsTheLoop) {
  start();
  HttpClient c(harness_->port());
  EXPECT_EQ(c.request(bhttp::verb::get, "/api/v1/hello").result_int(), 200);
  harness_->server().stop();
  boost::system::error_code ec;
  c.read_until_close(&ec);
  EXPECT_TRUE(closed_by_server(ec)) << ec.message();
  harness_->shutdown();  // returns only once the loop has no work left
  // The listener is gone.
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), harness_->port()), ec);
  EXPECT_TRUE(ec);
}

TEST_F(ServerTest, StopCutsRequestsThatOutliveTheGracePeriod) {
  ServerOptions o;
  o.shutdown_grace = std::chrono::milliseconds(100);
  start(o);
  HttpClient c(harness_->port());
  c.write_raw("GET /api/v1/never HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(eventually([&] {
    bool got = false;
    harness_->run_on_loop([&] { got = !held_.empty(); });
    return got;
  }));
  auto t0 = std::chrono::steady_clock::now();
  harness_->server().stop();
  boost::system::error_code ec;
  std::string out = c.read_until_close(&ec);
  EXPECT_TRUE(out.empty()) << out;
  EXPECT_TRUE(closed_by_server(ec)) << ec.message();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  harness_->shutdown();
}

TEST_F(ServerTest, StopLetsInFlightResponseFinish) {
  start();
  HttpClient c(harness_->port());
  c.write_raw("GET /api/v1/never HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(eventually([&] {
    bool got = false;
    harness_->run_on_loop([&] { got = !held_.empty(); });
    return got;
  }));
  harness_->server().stop();
  harness_->run_on_loop([&] { held_.front()(Response::json(200, {{"late", true}})); });
  auto r = c.read_response();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_FALSE(r.keep_alive());
  boost::system::error_code ec;
  c.read_until_close(&ec);
  EXPECT_TRUE(closed_by_server(ec)) << ec.message();
}

class StaticServerTest : public ServerTest {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("meet_http_static_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<html>index</html>";
    std::ofstream(dir_ / "web" / "app.mjs") << "export {}";
    std::ofstream(dir_ / "secret.txt") << "secret";
    ServerOptions o;
    o.static_dir = (dir_ / "web").string();
    start(o);
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(StaticServerTest, ServesAppAndFallsBackToIndex) {
  HttpClient c(harness_->port());
  auto index = c.request(bhttp::verb::get, "/");
  EXPECT_EQ(index.result_int(), 200);
  EXPECT_EQ(index.body(), "<html>index</html>");
  EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[bhttp::field::cache_control], "no-cache");
  auto js = c.request(bhttp::verb::get, "/app.mjs");
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body(), "export {}");
  EXPECT_EQ(c.request(bhttp::verb::get, "/room/demo").body(), "<html>index</html>");
  EXPECT_EQ(c.request(bhttp::verb::get, "/missing.js").result_int(), 404);
  // API paths never fall back to the app.
  auto api = c.request(bhttp::verb::get, "/api/v2/unknown");
  EXPECT_EQ(api.result_int(), 404);
  EXPECT_EQ(json_of(api)["error"]["code"], "not_found");
  // Routes still win.
  EXPECT_EQ(c.request(bhttp::verb::get, "/api/v1/hello").result_int(), 200);
  // POST to a static path is not served from disk.
  EXPECT_EQ(c.request(bhttp::verb::post, "/index.html").result_int(), 404);
  EXPECT_EQ(seen().front().route, "static");
}

TEST_F(StaticServerTest, RejectsTraversal) {
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a/../../secret.txt"}) {
    HttpClient c(harness_->port());
    auto r = c.request(bhttp::verb::get, target);
    EXPECT_EQ(r.result_int(), 400) << target;
    EXPECT_EQ(r.body().find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace meet::http
