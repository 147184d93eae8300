#pragma once
// HTTP/1.1 (and, with TLS files, HTTPS) server with WebSocket upgrades on the same port, on
// the caller's io_context (the control loop, one thread). Handlers, hooks and WebSocket
// handlers all run on that thread, so they need no locks.
//
// Request flow: WebSocket path -> upgrade (426 without Upgrade headers); a path some route
// matches, or anything under /api -> Router; other GET/HEAD with static_dir set -> static
// files; everything else -> Router (404/405 JSON).
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"
#include "http/websocket_handler.hpp"

namespace meet::http {

class ServerCore;

class Server {
 public:
  // Loads the TLS certificate and key when given (throws on bad files: start-up).
  Server(boost::asio::io_context& ioc, ServerOptions options);
  // Calls stop().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Add routes, WebSocket paths and the hook before start().
  Router& router();
  void add_websocket(std::string path, WebSocketFactory factory);
  // Called on the control loop after each response is made (also 101 upgrades, and 4xx for
  // requests that could not be parsed: then route is "invalid"). route is the Router's route
  // name, "static", "websocket", or "unmatched".
  void on_request(
      std::function<void(const Request&, const Response&, std::string_view route, double seconds)>
          hook);

  // Binds and listens synchronously (throws boost::system::system_error, e.g. port in use),
  // then accepts on the io_context. Call once.
  void start();
  // The bound port (useful with port 0). Valid after start().
  uint16_t port() const;
  // Closes the listener, closes idle connections, lets in-flight responses finish then closes
  // them, and closes WebSockets with 1001. Safe from any thread; the work runs on the loop.
  void stop();
  // Reads the TLS certificate and key files again (certbot renewed them); connections accepted
  // afterwards use the new ones, open ones keep theirs. Runs on the loop, then calls `done`
  // there with nothing on success or why the old files stay in use. Safe from any thread.
  void reload_tls(std::function<void(std::optional<std::string> error)> done = {});

 private:
  std::shared_ptr<ServerCore> core_;
};

}  // namespace meet::http
