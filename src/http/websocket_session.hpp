#pragma once
// Internal to http/: the WebSocketConnection over a Beast websocket stream (plain or TLS).
// Control loop only; send/close hop onto it.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <memory>
#include <string>

#include "http/server_core.hpp"
#include "http/websocket_connection.hpp"
#include "http/websocket_handler.hpp"

namespace meet::http {

template <class Stream>
class WebSocketSession final : public WebSocketConnection, public TrackedConnection {
 public:
  // `lease` counts the connection against the server's limits until it goes.
  WebSocketSession(Stream stream, std::string remote_ip, std::shared_ptr<ServerCore> core,
                   std::unique_ptr<ConnectionLease> lease);
  ~WebSocketSession() override;

  // Calls the factory, then completes the handshake. Call right after make_shared.
  void start(boost::beast::http::request<boost::beast::http::string_body> upgrade,
             const Request& request, const WebSocketFactory& factory);

  void send(std::string text) override;
  void close(uint16_t code, std::string reason) override;
  void stop_gracefully() override;

 private:
  std::shared_ptr<WebSocketSession> self() {
    return std::static_pointer_cast<WebSocketSession>(shared_from_this());
  }
  void on_accept(boost::system::error_code ec);
  static constexpr size_t kReadChunkBytes = 16 * 1024;
  void do_read();
  void on_read(boost::system::error_code ec, size_t bytes);
  void send_here(std::string text);
  void close_here(uint16_t code, std::string reason, bool drop_queue);
  void pump();  // starts the next write or the close frame
  void on_write(boost::system::error_code ec);
  void finish();

  std::shared_ptr<ServerCore> core_;
  std::unique_ptr<ConnectionLease> lease_;  // after core_: released before the core may go
  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::unique_ptr<WebSocketHandler> handler_;
  std::deque<std::string> queue_;
  size_t queued_bytes_ = 0;
  uint64_t track_id_ = 0;
  bool accepted_ = false;
  bool writing_ = false;
  bool close_requested_ = false;
  bool close_sent_ = false;
  bool finished_ = false;
  size_t message_bytes_ = 0;  // of the message being read
  bool oversized_ = false;    // that message passed kMaxMessageBytes; its bytes are dropped
  uint16_t close_code_ = kWsNormal;
  std::string close_reason_;
};

extern template class WebSocketSession<boost::beast::tcp_stream>;
extern template class WebSocketSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace meet::http
