#pragma once
// A JSON-over-WebSocket client, asynchronous on the load generator's io_context (Boost.Beast):
// connect, send JSON messages through a write queue, hand every received message to a callback.
// Our signaling (docs/protocol.md) uses it at ws://host:port/rtc with a `ping` every 10 s (the
// server closes a session that is silent for 30 s); the Janus API at ws://host:port/ with the
// subprotocol "janus-protocol" and no ping (its keepalive names the session: the caller sends it).
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace meet::loadgen {

class SignalingClient : public std::enable_shared_from_this<SignalingClient> {
 public:
  using MessageHandler = std::function<void(const nlohmann::json&)>;
  using ErrorHandler = std::function<void(const std::string&)>;

  struct Options {
    std::string path = "/rtc";
    std::string subprotocol;  // Sec-WebSocket-Protocol, when not empty
    bool ping = true;         // our signaling's {"type":"ping"} every 10 s
  };

  SignalingClient(boost::asio::io_context& io, MessageHandler on_message, ErrorHandler on_error,
                  Options options);

  // Connects to host:port, upgrades at the path, then sends `first` (the first request).
  void start(const std::string& host, uint16_t port, nlohmann::json first);
  void send(const nlohmann::json& message);
  void close();

 private:
  void read();
  void write_next();
  void schedule_ping();
  void fail(const std::string& where, const boost::system::error_code& ec);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::steady_timer ping_timer_;
  boost::beast::flat_buffer in_;
  std::deque<std::string> out_;
  bool open_ = false;
  bool closed_ = false;
  MessageHandler on_message_;
  ErrorHandler on_error_;
  Options options_;
};

}  // namespace meet::loadgen
