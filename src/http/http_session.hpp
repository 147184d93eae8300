#pragma once
// Internal to http/: one HTTP connection (plain or TLS), reading requests one at a time,
// answering through the core's router or static files, and handing WebSocket upgrades over to
// a WebSocketSession. Control loop only.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/server_core.hpp"

namespace meet::http {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <class Stream>
class HttpSession final : public TrackedConnection,
                          public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `lease` counts the connection against the server's limits until the socket closes (it
  // moves on to the WebSocketSession on an upgrade).
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerCore> core,
              std::unique_ptr<ConnectionLease> lease);
  ~HttpSession() override;

  void run();
  void stop_gracefully() override;

 private:
  enum class State { kHandshake, kReading, kHandling, kWriting, kClosing, kClosed };
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  void do_read();
  void on_header(boost::system::error_code ec);
  void on_continue_sent(boost::system::error_code ec);
  void on_body(boost::system::error_code ec);
  // Answers a failed read (error response, or silent close).
  void on_read_error(boost::system::error_code ec);
  void handle_request();
  void upgrade(const WebSocketFactory& factory);
  void send(Response response, bool close_after);
  void on_response(Response response);
  void on_write(bool close_after, boost::system::error_code ec);
  // Streams a file body a piece at a time, each piece with its own write timeout, so a large
  // download neither sits in memory nor is cut by one deadline for the whole body.
  void send_file(std::shared_ptr<boost::beast::http::response<boost::beast::http::file_body>> res,
                 bool close_after);
  void write_file_piece(bool close_after);
  using RequestHeader = boost::beast::http::request_header<>;
  // The client's address: the peer, or what a trusted proxy says in X-Forwarded-For.
  std::string client_ip(const RequestHeader& header) const;
  void do_close();
  void drain();
  void finish_drain();
  void tls_shutdown();
  void hard_close();
  boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(stream_); }

  std::shared_ptr<ServerCore> core_;
  std::unique_ptr<ConnectionLease> lease_;  // after core_: released before the core may go
  std::string remote_ip_;  // before stream_: read from the socket before it moves in
  Stream stream_;
  uint64_t track_id_ = 0;
  State state_ = State::kReading;
  bool stopping_ = false;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::file_body>> file_response_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::file_body>>
      file_serializer_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  Request request_;
  std::string route_;
  bool head_ = false;
  std::chrono::steady_clock::time_point started_;
  std::array<char, 4096> scratch_{};
  bool linger_ = false;  // a request was answered without reading all of it
  std::chrono::steady_clock::time_point linger_until_;
  boost::asio::steady_timer grace_timer_;
};

extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;

}  // namespace meet::http
