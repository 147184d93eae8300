#include "signaling_client.hpp"

namespace meet::loadgen {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

SignalingClient::SignalingClient(boost::asio::io_context& io, MessageHandler on_message,
                                 ErrorHandler on_error, Options options)
    : ws_(io),
      ping_timer_(io),
      on_message_(std::move(on_message)),
      on_error_(std::move(on_error)),
      options_(std::move(options)) {}

void SignalingClient::start(const std::string& host, uint16_t port, nlohmann::json first) {
  out_.push_back(first.dump());
  auto self = shared_from_this();
  tcp::endpoint ep(boost::asio::ip::make_address(host), port);
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(ws_).async_connect(ep, [self, host, port](beast::error_code ec) {
    if (ec) return self->fail("connect", ec);
    beast::get_lowest_layer(self->ws_).expires_never();
    self->ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    if (!self->options_.subprotocol.empty()) {
      self->ws_.set_option(websocket::stream_base::decorator(
          [protocol = self->options_.subprotocol](websocket::request_type& req) {
            req.set(beast::http::field::sec_websocket_protocol, protocol);
          }));
    }
    self->ws_.async_handshake(host + ":" + std::to_string(port), self->options_.path,
                              [self](beast::error_code ec) {
                                if (ec) return self->fail("handshake", ec);
                                self->open_ = true;
                                self->read();
                                self->write_next();
                                if (self->options_.ping) self->schedule_ping();
                              });
  });
}

void SignalingClient::send(const nlohmann::json& message) {
  if (closed_) return;
  const bool idle = out_.empty();
  out_.push_back(message.dump());
  if (idle && open_) write_next();
}

void SignalingClient::write_next() {
  if (out_.empty() || closed_) return;
  auto self = shared_from_this();
  ws_.text(true);
  ws_.async_write(boost::asio::buffer(out_.front()), [self](beast::error_code ec, size_t) {
    if (ec) return self->fail("write", ec);
    self->out_.pop_front();
    self->write_next();
  });
}

void SignalingClient::read() {
  auto self = shared_from_this();
  ws_.async_read(in_, [self](beast::error_code ec, size_t) {
    if (ec) return self->fail("read", ec);
    auto text = beast::buffers_to_string(self->in_.data());
    self->in_.consume(self->in_.size());
    auto msg = nlohmann::json::parse(text, nullptr, false);
    if (!msg.is_discarded() && self->on_message_) self->on_message_(msg);
    if (!self->closed_) self->read();
  });
}

void SignalingClient::schedule_ping() {
  auto self = shared_from_this();
  ping_timer_.expires_after(std::chrono::seconds(10));
  ping_timer_.async_wait([self](beast::error_code ec) {
    if (ec || self->closed_) return;
    self->send({{"type", "ping"}});
    self->schedule_ping();
  });
}

void SignalingClient::close() {
  if (closed_) return;
  closed_ = true;
  ping_timer_.cancel();
  on_message_ = nullptr;
  on_error_ = nullptr;
  if (!open_) return beast::get_lowest_layer(ws_).close();
  auto self = shared_from_this();
  ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {});
}

void SignalingClient::fail(const std::string& where, const boost::system::error_code& ec) {
  if (closed_) return;
  closed_ = true;
  ping_timer_.cancel();
  if (on_error_) on_error_(where + ": " + ec.message());
}

}  // namespace meet::loadgen
