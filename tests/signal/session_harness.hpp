#pragma once
// Sessions on one thread without client sockets: a fake WebSocket records what the server
// sends; the engine runs on loopback (no peer ever connects, so no media flows); the test
// drives the control loop's io_context by hand (run_for) for timers and engine events.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/jwt.hpp"
#include "engine/engine.hpp"
#include "http/websocket_connection.hpp"
#include "rtc/sdp/sdp_fixtures.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"

namespace meet::signal::test {

inline constexpr const char* kSecret = "session-test-secret";

class FakeWebSocket : public http::WebSocketConnection {
 public:
  FakeWebSocket() : WebSocketConnection("127.0.0.1") {}
  void send(std::string text) override {
    if (!closed) sent.push_back(nlohmann::json::parse(text));
  }
  void close(uint16_t code, std::string reason) override {
    if (closed) return;
    closed = true;
    close_code = code;
    close_reason = std::move(reason);
  }
  // The messages of `type` sent so far.
  std::vector<nlohmann::json> of_type(const std::string& type) const {
    std::vector<nlohmann::json> out;
    for (const auto& m : sent) {
      if (m.value("type", "") == type) out.push_back(m);
    }
    return out;
  }
  std::vector<nlohmann::json> sent;
  bool closed = false;
  uint16_t close_code = 0;
  std::string close_reason;
};

// One client: its socket, and the session behind it as the HTTP layer sees it (the handler).
struct Client {
  std::shared_ptr<FakeWebSocket> ws;
  std::shared_ptr<Session> session;
  std::unique_ptr<SessionHandler> handler;
  nlohmann::json joined;

  void say(const nlohmann::json& m) { handler->on_message(m.dump()); }
  // The socket goes away without `leave` (network drop, closed tab).
  void drop() {
    ws->closed = true;
    handler->on_close();
  }
  std::string pid() const { return joined["participant"]["id"]; }
};

class SessionHarness {
 public:
  SessionHarness()
      : engine_(engine_options(), io_),
        env_{engine_,
             rooms_,
             io_,
             [](std::string_view, std::string_view key_id) -> std::optional<std::string> {
               if (!key_id.empty()) return std::nullopt;
               return kSecret;
             },
             [this](const std::string&, const std::string&) { return admission; },
             [](const std::string&) { return nlohmann::json::array(); },
             [](const std::string&) {
               return MeetingPolicy{{"chat"}, false};
             },
             MeetingPolicy{{"chat", "screen_share"}, false},
             nullptr,
             std::chrono::seconds(20),
             nullptr,
             nullptr,
             nullptr} {
    engine_.start();  // loopback, ports chosen by the kernel: real candidates in answers
  }

  ~SessionHarness() {
    env_.resume_grace = std::chrono::milliseconds(0);
    for (auto& c : clients_) {
      if (c->handler) c->handler->on_close();
    }
  }

  static std::string token(const std::string& room, const std::string& identity,
                           bool moderator = false, const std::string& issuer = "") {
    JoinClaims c;
    c.issuer = issuer;
    c.room = room;
    c.identity = identity;
    c.name = identity;
    c.grants = {true, true, true, false, moderator};
    c.expires_at = 4102444800;  // 2100-01-01
    return sign_join_token(c, kSecret);
  }

  Client& connect() {
    auto c = std::make_unique<Client>();
    c->ws = std::make_shared<FakeWebSocket>();
    c->session = std::make_shared<Session>(env_, c->ws);
    c->session->start();
    c->handler = std::make_unique<SessionHandler>(c->session);
    clients_.push_back(std::move(c));
    return *clients_.back();
  }

  // Connects and joins; the `joined` reply is kept in Client::joined.
  Client& join(const std::string& room, const std::string& identity, bool moderator = false,
               const std::string& resume = "") {
    auto& c = connect();
    nlohmann::json join{{"type", "join"}, {"id", 1}, {"token", token(room, identity, moderator)}};
    if (!resume.empty()) join["resume"] = resume;
    c.say(join);
    auto joined = c.ws->of_type("joined");
    if (!joined.empty()) c.joined = joined.back();
    return c;
  }

  // Publishes Chromium's camera + microphone offer; returns the `answer` reply.
  static nlohmann::json publish(Client& c) {
    c.say({{"type", "publish"},
           {"id", 2},
           {"sdp", rtc::test::read_sdp_fixture("chromium_offer.sdp")}});
    auto answers = c.ws->of_type("answer");
    return answers.empty() ? nlohmann::json() : answers.back();
  }

  static std::string track_of_kind(const nlohmann::json& answer, const std::string& kind) {
    for (const auto& t : answer["tracks"]) {
      if (t["kind"] == kind) return t["track_id"];
    }
    return "";
  }

  // What the store answers for API tokens (those with an issuer).
  Admission admission;

  RoomRegistry& rooms() { return rooms_; }
  SessionEnvironment& env() { return env_; }
  // Runs the control loop's due handlers (timers) for `d`.
  void run_for(std::chrono::milliseconds d) {
    io_.restart();
    io_.run_for(d);
  }
  boost::asio::io_context& io() { return io_; }

 private:
  static engine::EngineOptions engine_options() {
    engine::EngineOptions o;
    o.workers = 1;
    o.bind_address = "127.0.0.1";
    o.udp_port = 0;
    o.tcp_port = 0;
    return o;
  }

  boost::asio::io_context io_;
  engine::Engine engine_;
  RoomRegistry rooms_;
  SessionEnvironment env_;
  std::vector<std::unique_ptr<Client>> clients_;
};

}  // namespace meet::signal::test
