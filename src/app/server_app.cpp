#include "app/server_app.hpp"

#include <boost/asio.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/api.hpp"
#include "api/api_config.hpp"
#include "app/auto_recording.hpp"
#include "app/blob_store_config.hpp"
#include "app/file_limit.hpp"
#include "app/node_heartbeat.hpp"
#include "app/off_loop_room_events.hpp"
#include "app/recorder_wiring.hpp"
#include "app/secrets.hpp"
#include "app/tls_files.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "engine/engine.hpp"
#include "engine/engine_counters.hpp"
#include "http/server.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"
#include "store/open_store.hpp"
#include "store/store_executor.hpp"

#ifndef MEET_DEFAULT_WEB_DIR
#define MEET_DEFAULT_WEB_DIR "web/app/dist"
#endif

namespace meet::app {
namespace {

namespace asio = boost::asio;

constexpr const char* kNodeId = "local";
constexpr auto kHeartbeatInterval = std::chrono::seconds(10);
using nlohmann::json;

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
  o.audio_speakers_only_above = c.audio_speakers_only_above;
  return o;
}

// --tls-self-signed: make (or reuse) the certificate and serve HTTPS with it.
void use_self_signed(ServeConfig& c) {
  std::string host;
  if (auto scheme = c.public_url.find("://"); scheme != std::string::npos) {
    host = c.public_url.substr(scheme + 3);
    host = host.substr(0, host.find_first_of(":/"));
    if (host == c.public_ip) host.clear();
  }
  auto files = ensure_self_signed(c.data_dir, c.public_ip, host);
  c.ssl = true;
  c.ssl_cert = files.cert_file;
  c.ssl_key = files.key_file;
  std::string names;
  for (const auto& n : files.info.names) names += (names.empty() ? "" : ", ") + n;
  std::cout << "TLS: self-signed certificate " << (files.created ? "made" : "reused") << " for "
            << names << "\n  SHA-256 fingerprint " << files.info.fingerprint_sha256
            << "\n  (browsers warn once; compare this fingerprint before accepting)" << std::endl;
}

// SIGHUP: read the certificate files again (certbot's deploy hook sends it after a renewal).
void reload_on_sighup(asio::signal_set& hup, http::Server& server) {
  hup.async_wait([&hup, &server](boost::system::error_code ec, int) {
    if (ec) return;
    logger("app")->info("reloading tls certificate signal=SIGHUP");
    server.reload_tls();
    reload_on_sighup(hup, server);
  });
}

}  // namespace

int run_server(ServeConfig config) {
  auto log = logger("app");
  raise_file_limit();
  bool created = false;
  if (config.token_secret.empty()) {
    config.token_secret = load_or_create_secret(config.data_dir, "token_secret", created);
  }
  if (config.web_dir.empty()) config.web_dir = MEET_DEFAULT_WEB_DIR;
  if (config.tls_self_signed) use_self_signed(config);
  auto trusted_proxies = http::TrustedProxies::parse(config.trusted_proxies);
  if (!trusted_proxies) throw std::runtime_error(trusted_proxies.error());
  std::string scheme = config.ssl ? "https" : "http";
  if (config.public_url.empty()) {
    config.public_url = scheme + "://" + config.public_ip + ":" + std::to_string(config.http_port);
  }
  std::filesystem::create_directories(config.data_dir);
  if (config.ssl && (config.ssl_cert.empty() || config.ssl_key.empty())) {
    throw std::runtime_error("SSL=true needs SSL_CERT and SSL_KEY");
  }

  asio::io_context control;
  engine::Engine engine(engine_options(config), control);
  engine.start();

  auto store = store::open_store(config.database_url, config.data_dir);
  if (!store) throw std::runtime_error("cannot open the database");
  signal::RoomRegistry rooms;
  auto api_options =
      api::api_options_from([&](const std::string& name) { return config.setting(name); });
  if (!api_options) throw std::runtime_error(api_options.error());
  api_options.value().extra_metrics = [] {
    return engine::EngineCounters::instance().render_prometheus();
  };
  // Recordings (issue 14): where finished MP4s go. The recorder itself is wired by
  // set_recording_control; until then starting a recording answers recorder_unavailable.
  if (config.recording_dir.empty()) config.recording_dir = config.data_dir + "/recordings";
  bool url_secret_created = false;
  auto& recording = api_options.value().recording;
  recording.dir = config.recording_dir;
  recording.url_secret =
      load_or_create_secret(config.data_dir, "recording_url_secret", url_secret_created);
  auto blobs = open_blob_store(config, config.recording_dir, recording.url_secret);
  recording.blobs = blobs.get();
  api::Api api(*store.value(), rooms, api_options.value(), SystemClock::instance());
  // Store calls off the control loop (chat inserts, join lookups, participant sessions);
  // destroyed before `api`, after running what is queued.
  store::StoreExecutor store_jobs;
  OffLoopRoomEvents room_events(api.observer(), store_jobs);
  AutoRecording room_observer(room_events, api, control);
  rooms.set_observer(&room_observer);
  auto admin_secret = api.ensure_admin_key();
  if (!admin_secret) throw std::runtime_error("cannot store the admin key");
  // Before serving: close what a crash left open, then start telling the next start when this
  // node was last alive. One node per database for now, hence one fixed node id.
  auto recovered = api.recover_after_restart(kNodeId);
  if (!recovered) throw std::runtime_error("cannot recover sessions left open");
  if (!recovered->closed_sessions.empty() || !recovered->finished_meetings.empty()) {
    log->warn("closed after restart sessions={} meetings={}", recovered->closed_sessions.size(),
              recovered->finished_meetings.size());
  }
  // The recorder (issue 14): captures rooms for the API, composes at stop; at start-up it
  // composes what a crash left captured, before the API resumes the uploads.
  RecorderWiringOptions recorder_options;
  recorder_options.dir = config.recording_dir;
  if (auto jobs = config.setting("RECORDING_COMPOSE_JOBS")) {
    recorder_options.compose_jobs = static_cast<size_t>(std::max(1, std::atoi(jobs->c_str())));
  }
  RecorderWiring recorder(recorder_options, engine, rooms, api.recording_events(), control);
  api.set_recording_control(recorder);
  if (size_t n = recorder.recover(); n > 0)
    log->warn("recordings recovered after restart count={}", n);
  api.resume_recording_uploads();
  NodeHeartbeat heartbeat(*store.value(), kNodeId, kHeartbeatInterval, SystemClock::instance());

  const auto& opts = api_options.value();
  signal::SessionEnvironment env{
      engine, rooms, control,
      // Tokens minted by `meet token` have no issuer; the API's carry the tenant id; both are
      // signed with the server's token secret. Tokens a tenant's backend mints offline name
      // the tenant key ("kid") whose signing secret signed them.
      [&api, secret = config.token_secret](std::string_view issuer, std::string_view key_id) {
        return api.join_token_secret(issuer, key_id, secret);
      },
      [&api](const std::string& room, const std::string& tenant) {
        auto a = api.admission(room, tenant);
        return signal::Admission{a.error.value_or(""), a.max_participants,
                                 std::move(a.removed_identities)};
      },
      [&opts](const std::string& identity) {
        return api::ice_servers_json(opts.stun_urls, opts.turn, identity,
                                     SystemClock::instance().now_unix_seconds());
      },
      [&api](const std::string& room) {
        auto settings = api.meeting_settings(room);
        if (!settings) return signal::MeetingPolicy{};
        return signal::MeetingPolicy{settings->features, settings->lobby};
      },
      signal::MeetingPolicy{api::Api::all_features(), false},
      // Chat lines are stored on the store executor: a slow database never holds up the
      // control loop (the line has reached the room already).
      [&api, &store_jobs](const std::string& room, const signal::ChatLine& line) {
        store::ChatMessage row{line.id, room, line.identity, line.name, line.text, line.sent_at_ms};
        if (!store_jobs.post(
                [&api, row = std::move(row)]() mutable { api.record_chat(std::move(row)); })) {
          logger("app")->warn("chat message not stored meeting={} reason=store queue full", room);
        }
      },
      std::chrono::seconds(config.resume_grace_s),
      [&api](const std::string& room, bool start) {
        return start ? api.start_meeting_recording(room) : api.stop_meeting_recording(room);
      },
      [&recorder](const std::string& room) { return recorder.recording_of(room); },
      // A join's token and admission lookups read the database: never on the control loop.
      [&store_jobs](std::function<void()> job) { return store_jobs.post(std::move(job)); }};

  http::ServerOptions http_options;
  http_options.bind = config.bind;
  http_options.port = config.http_port;
  http_options.static_dir = config.web_dir;
  http_options.max_connections_per_address = config.max_connections_per_ip;
  http_options.max_connections = config.max_connections;
  if (config.ssl) {
    http_options.tls_cert_file = config.ssl_cert;
    http_options.tls_key_file = config.ssl_key;
  }
  http_options.trusted_proxies = std::move(trusted_proxies.value());
  http::Server server(control, http_options);
  api.register_routes(server.router());
  server.on_request([&api](const http::Request& req, const http::Response& res,
                           std::string_view route,
                           double seconds) { api.record_request(req, res, route, seconds); });
  server.add_websocket("/rtc",
                       [&env](std::shared_ptr<http::WebSocketConnection> ws, const http::Request&) {
                         auto session = std::make_shared<signal::Session>(env, std::move(ws));
                         session->start();
                         return std::make_unique<signal::SessionHandler>(std::move(session));
                       });
  server.start();

  std::string url = config.public_url + "/";
  log->info("meet serving url={} media_workers={} udp={} tcp={}", url,
            engine_options(config).workers, !config.no_udp, !config.no_tcp);
  std::cout << "Meet is running: open " << url << std::endl;
  if (admin_secret.value()) {
    std::cout << "Admin API key (shown once, store it now): " << *admin_secret.value() << std::endl;
  }

  asio::signal_set hup(control, SIGHUP);
  if (config.ssl) reload_on_sighup(hup, server);

  asio::signal_set signals(control, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int signo) {
    log->info("shutting down signal={}", signo);
    rooms.close_all(engine::DisconnectReason::kServerShutdown);
    // Give the close frames a moment to leave, then stop accepting and tear down.
    auto timer = std::make_shared<asio::steady_timer>(control, std::chrono::milliseconds(300));
    timer->async_wait([&, timer](auto) {
      hup.cancel();
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
