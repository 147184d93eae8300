#include "http/server.hpp"

#include <boost/asio/dispatch.hpp>

#include "common/assert.hpp"
#include "http/server_core.hpp"

namespace meet::http {

Server::Server(boost::asio::io_context& ioc, ServerOptions options)
    : core_(std::make_shared<ServerCore>(ioc, std::move(options))) {}

Server::~Server() {
  stop();
}

Router& Server::router() {
  return core_->router;
}

void Server::add_websocket(std::string path, WebSocketFactory factory) {
  MEET_ASSERT(!path.empty() && path.front() == '/', "websocket path must start with '/'");
  MEET_ASSERT(factory != nullptr, "null websocket factory");
  core_->websockets[std::move(path)] = std::move(factory);
}

void Server::on_request(
    std::function<void(const Request&, const Response&, std::string_view, double)> hook) {
  core_->hook = std::move(hook);
}

void Server::start() {
  core_->start();
}

uint16_t Server::port() const {
  return core_->bound_port;
}

void Server::stop() {
  boost::asio::dispatch(core_->ioc, [core = core_] { core->stop(); });
}

}  // namespace meet::http

namespace meet::http {

void Server::reload_tls(std::function<void(std::optional<std::string>)> done) {
  boost::asio::dispatch(core_->ioc, [core = core_, done = std::move(done)] {
    auto error = core->reload_tls();
    if (done) done(std::move(error));
  });
}

}  // namespace meet::http
