#include "app/server_app.hpp"

#include <boost/asio.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/secrets.hpp"
#include "common/log.hpp"
#include "engine/engine_counters.hpp"
#include "engine/engine.hpp"
#include "http/server.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"

#ifndef MEET_DEFAULT_WEB_DIR
#define MEET_DEFAULT_WEB_DIR "web/public"
#endif

namespace meet::app {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

engine::EngineOptions engine_options(const ServeConfig& c) {
  engine::EngineOptions o;
  o.workers = c.workers > 0 ? c.workers : std::max(1u, std::thread::hardware_concurrency());
  o.bind_address = c.bind;
  o.public_ip = c.public_ip;
  o.udp_port = c.udp_port ? c.udp_port : (c.min_port ? c.min_port : 40000);
  o.tcp_port = c.tcp_port ? c.tcp_port : o.udp_port;
  if (c.max_port && o.udp_port + o.workers - 1 > c.max_port) {
    throw std::runtime_error("MIN_PORT..MAX_PORT holds fewer ports than media workers");
  }
  o.enable_udp = !c.no_udp;
  o.enable_tcp = !c.no_tcp;
  return o;
}

}  // namespace

int run_server(ServeConfig config) {
  auto log = logger("app");
  bool created = false;
  if (config.token_secret.empty()) {
    config.token_secret = load_or_create_secret(config.data_dir, "token_secret", created);
  }
  if (config.web_dir.empty()) config.web_dir = MEET_DEFAULT_WEB_DIR;
  if (config.ssl && (config.ssl_cert.empty() || config.ssl_key.empty())) {
    throw std::runtime_error("SSL=true needs SSL_CERT and SSL_KEY");
  }

  asio::io_context control;
  engine::Engine engine(engine_options(config), control);
  engine.start();

  signal::RoomRegistry rooms;
  json ice_servers = json::array();
  if (auto stun = split_csv(config.stun_urls); !stun.empty()) {
    ice_servers.push_back({{"urls", stun}});
  }
  signal::SessionEnvironment env{
      engine,
      rooms,
      control,
      [secret = config.token_secret](std::string_view) -> std::optional<std::string> {
        return secret;
      },
      [](const std::string&, size_t) { return std::string(); },
      [ice_servers](const std::string&) { return ice_servers; }};

  http::ServerOptions http_options;
  http_options.bind = config.bind;
  http_options.port = config.http_port;
  http_options.static_dir = config.web_dir;
  if (config.ssl) {
    http_options.tls_cert_file = config.ssl_cert;
    http_options.tls_key_file = config.ssl_key;
  }
  http::Server server(control, http_options);
  server.router().add("GET", "/healthz", [](http::Request&) {
    return http::Response::json(200, json{{"status", "ok"}});
  });
  server.router().add("GET", "/metrics", [](http::Request&) {
    auto r = http::Response::text(200, engine::EngineCounters::instance().render_prometheus());
    r.content_type = "text/plain; version=0.0.4";
    return r;
  });
  server.add_websocket("/rtc", [&env](std::shared_ptr<http::WebSocketConnection> ws,
                                      const http::Request&) {
    auto session = std::make_shared<signal::Session>(env, std::move(ws));
    session->start();
    return std::make_unique<signal::SessionHandler>(std::move(session));
  });
  server.start();

  std::string scheme = config.ssl ? "https" : "http";
  std::string url = config.public_url.empty()
                        ? scheme + "://" + config.public_ip + ":" + std::to_string(server.port()) + "/"
                        : config.public_url;
  log->info("meet serving url={} media_workers={} udp={} tcp={}", url,
            engine_options(config).workers, !config.no_udp, !config.no_tcp);
  std::cout << "Meet is running: open " << url << std::endl;

  asio::signal_set signals(control, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int signo) {
    log->info("shutting down signal={}", signo);
    rooms.close_all(engine::DisconnectReason::kServerShutdown);
    // Give the close frames a moment to leave, then stop accepting and tear down.
    auto timer = std::make_shared<asio::steady_timer>(control, std::chrono::milliseconds(300));
    timer->async_wait([&, timer](auto) {
      server.stop();
      engine.stop();
      control.stop();
    });
  });
  control.run();
  log->info("stopped");
  return 0;
}

}  // namespace meet::app
