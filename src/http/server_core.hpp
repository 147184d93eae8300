#pragma once
// Internal to http/: the state shared by Server and its connections. Connections hold a
// shared_ptr to it, so it outlives the Server object until the last connection ends. Control
// loop thread only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/connection_limiter.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"
#include "http/static_files.hpp"
#include "http/websocket_handler.hpp"

namespace meet::http {

using RequestHook =
    std::function<void(const Request&, const Response&, std::string_view route, double seconds)>;

// A live connection the server can ask to wind down on stop().
class TrackedConnection {
 public:
  virtual ~TrackedConnection() = default;
  // Idle HTTP: close now. Busy HTTP: finish the response, then close. WebSocket: close 1001.
  virtual void stop_gracefully() = 0;
};

class ServerCore : public std::enable_shared_from_this<ServerCore> {
 public:
  ServerCore(boost::asio::io_context& ioc, ServerOptions options);

  void start();  // binds and listens (throws on failure), then accepts on the loop
  void stop();   // control loop only
  // Reads the certificate and key files again for new connections. On failure (missing,
  // unreadable or mismatched files) keeps the current ones and returns why. Control loop only.
  std::optional<std::string> reload_tls();

  uint64_t track(std::weak_ptr<TrackedConnection> c);
  void untrack(uint64_t id);
  // Reports a finished request to the hook; never throws.
  void report(const Request& req, const Response& res, std::string_view route, double seconds);

  boost::asio::io_context& ioc;
  const ServerOptions options;
  Router router;
  std::map<std::string, WebSocketFactory, std::less<>> websockets;
  RequestHook hook;
  std::optional<StaticFiles> static_files;
  // Replaced whole by reload_tls(). A connection's SSL object holds its own reference to the
  // OpenSSL context it was made from, so connections made before a reload keep working.
  std::shared_ptr<boost::asio::ssl::context> ssl;
  bool stopping = false;
  uint16_t bound_port = 0;
  ConnectionLimiter limiter;

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  // Closes a connection over a bound (plain HTTP: a best-effort 503 first), logs now and then.
  void refuse(boost::asio::ip::tcp::socket& socket, const std::string& address,
              ConnectionLimiter::Refusal why);

  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::unordered_map<uint64_t, std::weak_ptr<TrackedConnection>> connections_;
  uint64_t next_id_ = 1;
  std::chrono::steady_clock::time_point last_refusal_log_{};
};

}  // namespace meet::http
