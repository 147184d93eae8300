#pragma once
// Test helpers: a Server on 127.0.0.1:0 running on its own thread, and blocking Beast clients.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "http/server.hpp"

namespace meet::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

// Makes blocking reads on the socket give up after `timeout` (so a broken server fails the
// test instead of hanging it).
inline void set_receive_timeout(tcp::socket& s, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = timeout.count() / 1000;
  tv.tv_usec = (timeout.count() % 1000) * 1000;
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

class ServerHarness {
 public:
  explicit ServerHarness(ServerOptions options = {}) {
    options.bind = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(ioc_, std::move(options));
  }
  ~ServerHarness() { shutdown(); }

  Server& server() { return *server_; }
  asio::io_context& ioc() { return ioc_; }
  uint16_t port() const { return server_->port(); }

  void start() {
    server_->start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  // stop(), then waits for the loop to run out of work.
  void shutdown() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  // Runs fn on the loop thread and waits for it.
  void run_on_loop(std::function<void()> fn) {
    std::promise<void> done;
    asio::post(ioc_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  asio::io_context ioc_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// One keep-alive HTTP connection.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    set_receive_timeout(socket_, std::chrono::seconds(10));
  }

  bhttp::response<bhttp::string_body> request(
      bhttp::verb verb, std::string target, std::string body = {},
      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(socket_, req);
    return read_response(verb == bhttp::verb::head);
  }

  bhttp::response<bhttp::string_body> read_response(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }

  void write_raw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

  // Reads until the server closes (or the receive timeout); returns what arrived.
  std::string read_until_close(boost::system::error_code* final_ec = nullptr) {
    std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    std::array<char, 4096> chunk{};
    boost::system::error_code ec;
    while (true) {
      size_t n = socket_.read_some(asio::buffer(chunk), ec);
      out.append(chunk.data(), n);
      if (ec) break;
    }
    if (final_ec) *final_ec = ec;
    return out;
  }

  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// Server closed the connection cleanly (EOF), not a timeout of our read.
inline bool closed_by_server(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

class WsClient {
 public:
  explicit WsClient(uint16_t port, std::string target = "/rtc") : ws_(ioc_) {
    auto& s = ws_.next_layer();
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    set_receive_timeout(s, std::chrono::seconds(10));
    ws_.handshake("127.0.0.1", target);
    ws_.text(true);
  }
  void send(std::string_view text) { ws_.write(asio::buffer(text)); }
  void send_binary(std::string_view bytes) {
    ws_.binary(true);
    ws_.write(asio::buffer(bytes));
    ws_.text(true);
  }
  // Next message, or "" with ec set when the connection closes.
  std::string read(boost::system::error_code& ec) {
    beast::flat_buffer buffer;
    ws_.read(buffer, ec);
    return beast::buffers_to_string(buffer.data());
  }
  std::string read() {
    boost::system::error_code ec;
    std::string s = read(ec);
    EXPECT_FALSE(ec) << ec.message();
    return s;
  }
  // Reads until the server closes; returns the close code it sent (0 if none).
  uint16_t read_until_closed() {
    boost::system::error_code ec;
    for (int i = 0; i < 100000 && !ec; ++i) read(ec);
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    return ws_.reason().code;
  }
  void close() {
    boost::system::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
  }
  websocket::stream<tcp::socket>& stream() { return ws_; }

 private:
  asio::io_context ioc_;
  websocket::stream<tcp::socket> ws_;
};

// Polls until pred() holds or 5 s pass.
inline bool eventually(const std::function<bool()>& pred) {
  for (int i = 0; i < 500; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

}  // namespace meet::http::testing
