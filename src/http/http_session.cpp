#include "http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/log.hpp"
#include "http/websocket_session.hpp"

namespace meet::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr auto kHandshakeTimeout = std::chrono::seconds(15);
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// Lingering close (as nginx's lingering_time / lingering_timeout): after an answer that left
// request bytes unread, read and drop what the client still sends for up to kLingerTime in
// all, giving up after kLingerIdle of silence, so the client gets to read the answer instead
// of a reset.
constexpr auto kLingerTime = std::chrono::seconds(15);
constexpr auto kLingerIdle = std::chrono::seconds(2);

bool has_crlf(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

bool is_api_path(std::string_view path) {
  return path == "/api" || path.starts_with("/api/");
}

template <class Stream>
Stream make_stream(asio::ip::tcp::socket socket, ServerCore& core) {
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    return Stream(std::move(socket), *core.ssl);
  } else {
    return Stream(std::move(socket));
  }
}

std::string remote_ip_of(const asio::ip::tcp::socket& socket) {
  error_code ec;
  auto ep = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : ep.address().to_string();
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(asio::ip::tcp::socket socket, std::shared_ptr<ServerCore> core,
                                 std::unique_ptr<ConnectionLease> lease)
    : core_(std::move(core)),
      lease_(std::move(lease)),
      remote_ip_(remote_ip_of(socket)),
      stream_(make_stream<Stream>(std::move(socket), *core_)),
      grace_timer_(stream_.get_executor()) {}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  if (track_id_ != 0) core_->untrack(track_id_);
}

template <class Stream>
void HttpSession<Stream>::run() {
  track_id_ = core_->track(this->shared_from_this());
  if constexpr (kTls) {
    state_ = State::kHandshake;
    tcp().expires_after(kHandshakeTimeout);
    stream_.async_handshake(asio::ssl::stream_base::server,
                            [self = this->shared_from_this()](error_code ec) {
                              if (ec) {
                                logger("http")->debug("tls handshake failed ip={} reason={}",
                                                      self->remote_ip_, ec.message());
                                self->hard_close();
                                return;
                              }
                              self->do_read();
                            });
  } else {
    do_read();
  }
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  if (stopping_) {
    do_close();
    return;
  }
  state_ = State::kReading;
  request_ = Request{};
  route_.clear();
  parser_.emplace();
  parser_->body_limit(core_->options.max_body_bytes);
  parser_->header_limit(static_cast<uint32_t>(core_->options.max_header_bytes));
  // One deadline for the idle wait and the whole request: a slow client cannot hold on.
  tcp().expires_after(core_->options.idle_timeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](error_code ec, size_t) { self->on_header(ec); });
}

template <class Stream>
void HttpSession<Stream>::on_header(error_code ec) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  started_ = std::chrono::steady_clock::now();
  if (parser_->is_done()) {
    handle_request();
    return;
  }
  auto expect = parser_->get()[bhttp::field::expect];
  if (beast::iequals(expect, "100-continue")) {
    continue_ = {bhttp::status::continue_, parser_->get().version()};
    bhttp::async_write(
        stream_, continue_,
        [self = this->shared_from_this()](error_code ec2, size_t) { self->on_continue_sent(ec2); });
    return;
  }
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](error_code ec2, size_t) { self->on_body(ec2); });
}

template <class Stream>
void HttpSession<Stream>::on_continue_sent(error_code ec) {
  if (ec) {
    hard_close();
    return;
  }
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](error_code ec2, size_t) { self->on_body(ec2); });
}

template <class Stream>
void HttpSession<Stream>::on_body(error_code ec) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  handle_request();
}

template <class Stream>
void HttpSession<Stream>::on_read_error(error_code ec) {
  if (ec == asio::error::operation_aborted || stopping_) {
    hard_close();
    return;
  }
  linger_ = true;
  const auto& http_errors = bhttp::make_error_code(bhttp::error::bad_target).category();
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == beast::error::timeout || ec.category() != http_errors) {
    // Peer went away, stayed silent too long, or a socket/TLS error: nothing to answer.
    if (ec == beast::error::timeout) {
      logger("http")->debug("http read timeout ip={}", remote_ip_);
    }
    hard_close();
    return;
  }
  // A parse error: answer once, then close.
  Response r;
  if (ec == bhttp::error::body_limit) {
    r = Response::error(413, "body_too_large", "request body too large");
  } else if (ec == bhttp::error::header_limit) {
    r = Response::error(431, "headers_too_large", "request headers too large");
  } else {
    r = Response::error(400, "bad_request", "malformed HTTP request");
  }
  logger("http")->debug("http bad request ip={} reason={}", remote_ip_, ec.message());
  if (parser_->is_header_done()) {
    request_.method = std::string(parser_->get().method_string());
    request_.set_target(parser_->get().target());
  }
  request_.remote_ip = remote_ip_;
  if (parser_->is_header_done()) request_.remote_ip = client_ip(parser_->get());
  core_->report(request_, r, "invalid", 0.0);
  state_ = State::kWriting;
  send(std::move(r), true);
}

template <class Stream>
std::string HttpSession<Stream>::client_ip(const RequestHeader& header) const {
  const auto& trusted = core_->options.trusted_proxies;
  if (trusted.empty()) return remote_ip_;
  std::string chain;
  auto [first, last] = header.equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    if (!chain.empty()) chain += ',';
    chain += it->value();
  }
  return trusted.client_address(remote_ip_, chain);
}

template <class Stream>
void HttpSession<Stream>::handle_request() {
  state_ = State::kHandling;
  auto& req = parser_->get();
  request_.method = std::string(req.method_string());
  request_.set_target(req.target());
  for (const auto& field : req) {
    request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request_.remote_ip = client_ip(req);
  head_ = req.method() == bhttp::verb::head;

  if (request_.path.empty() || request_.path.front() != '/') {
    on_response(Response::error(400, "bad_request", "request target must be an absolute path"));
    return;
  }
  if (auto ws = core_->websockets.find(request_.path); ws != core_->websockets.end()) {
    if (beast::websocket::is_upgrade(req)) {
      upgrade(ws->second);
      return;
    }
    route_ = "websocket";
    on_response(Response::error(426, "upgrade_required", "use a WebSocket on this path")
                    .with_header("Upgrade", "websocket"));
    return;
  }
  bool is_get = req.method() == bhttp::verb::get || head_;
  if (core_->static_files && is_get && !is_api_path(request_.path) &&
      !core_->router.matches_path(request_.path)) {
    route_ = "static";
    on_response(core_->static_files->serve(request_.path));
    return;
  }
  request_.body = std::move(req.body());
  // The router may answer later (async routes) and from another thread: hop back here.
  auto self = this->shared_from_this();
  core_->router.dispatch(request_, [self](Response r) {
    asio::dispatch(self->stream_.get_executor(),
                   [self, r = std::move(r)]() mutable { self->on_response(std::move(r)); });
  });
}

template <class Stream>
void HttpSession<Stream>::upgrade(const WebSocketFactory& factory) {
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  Response switching;
  switching.status = 101;
  switching.content_type.clear();
  core_->report(request_, switching, "websocket", seconds);
  state_ = State::kClosed;
  // The parser's buffer holds nothing past the request: a client waits for 101 before framing.
  auto ws = std::make_shared<WebSocketSession<Stream>>(std::move(stream_), request_.remote_ip,
                                                       core_, std::move(lease_));
  ws->start(parser_->release(), request_, factory);
}

template <class Stream>
void HttpSession<Stream>::on_response(Response response) {
  if (state_ != State::kHandling) return;
  if (route_.empty()) route_ = request_.route.empty() ? "unmatched" : request_.route;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  core_->report(request_, response, route_, seconds);
  logger("http")->debug("http request method={} path={} status={} seconds={:.6f}", request_.method,
                        request_.path, response.status, seconds);
  state_ = State::kWriting;
  bool close_after = stopping_ || !parser_->get().keep_alive();
  send(std::move(response), close_after);
}

template <class Stream>
void HttpSession<Stream>::send(Response r, bool close_after) {
  if (r.status < 100 || r.status > 599 || r.status == 101) {
    logger("http")->error("handler returned bad status status={}", r.status);
    r = Response::error(500, "internal", "internal server error");
  }
  unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
  auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
      static_cast<bhttp::status>(r.status), version);
  res->set(bhttp::field::server, "meet");
  if (!r.content_type.empty() && !has_crlf(r.content_type)) {
    res->set(bhttp::field::content_type, r.content_type);
  }
  for (const auto& [name, value] : r.headers) {
    if (name.empty() || has_crlf(name) || has_crlf(value) || name.find(':') != std::string::npos) {
      logger("http")->error("handler returned bad header name={}", name);
      continue;
    }
    res->insert(name, value);
  }
  bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  res->keep_alive(!close_after);
  if (!r.file.empty() && !bodiless) {
    auto file = std::make_shared<bhttp::response<bhttp::file_body>>(res->result(), version);
    beast::error_code open_error;
    file->body().open(r.file.c_str(), beast::file_mode::scan, open_error);
    if (open_error) {
      send(Response::error(404, "not_found", "no such file"), close_after);
      return;
    }
    if (head_) {
      res->content_length(file->body().size());
    } else {
      file->base() = res->base();
      file->prepare_payload();
      send_file(std::move(file), close_after);
      return;
    }
  }
  if (bodiless) {
    res->prepare_payload();
  } else if (head_) {
    if (r.file.empty()) res->content_length(r.body.size());  // a file's is set above
  } else {
    res->body() = std::move(r.body);
    res->prepare_payload();
  }
  response_ = res;
  tcp().expires_after(kWriteTimeout);
  bhttp::async_write(stream_, *res,
                     [self = this->shared_from_this(), close_after](error_code ec, size_t) {
                       self->on_write(close_after, ec);
                     });
}

template <class Stream>
void HttpSession<Stream>::send_file(std::shared_ptr<bhttp::response<bhttp::file_body>> res,
                                    bool close_after) {
  file_response_ = std::move(res);
  file_serializer_.emplace(*file_response_);
  write_file_piece(close_after);
}

template <class Stream>
void HttpSession<Stream>::write_file_piece(bool close_after) {
  if (file_serializer_->is_done()) {
    on_write(close_after, {});
    return;
  }
  tcp().expires_after(kWriteTimeout);
  auto write = [self = this->shared_from_this(), close_after](error_code ec, size_t) {
    if (ec) {
      self->on_write(close_after, ec);
      return;
    }
    self->write_file_piece(close_after);
  };
  bhttp::async_write_some(stream_, *file_serializer_, std::move(write));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool close_after, error_code ec) {
  response_.reset();
  file_serializer_.reset();
  file_response_.reset();
  if (ec) {
    hard_close();
    return;
  }
  if (close_after || stopping_) {
    do_close();
    return;
  }
  do_read();
}

// Graceful close: TLS close_notify, or for plain TCP a half-close followed by reading (and
// dropping) what the client still sends, so that unread request bytes do not turn our close
// into a reset that destroys the response in flight. Over TLS, a request left partly unread
// is drained the same way before the close_notify.
template <class Stream>
void HttpSession<Stream>::do_close() {
  if (state_ == State::kClosing || state_ == State::kClosed) return;
  state_ = State::kClosing;
  linger_until_ = std::chrono::steady_clock::now() + kLingerTime;
  if constexpr (kTls) {
    if (linger_) {
      drain();
    } else {
      tls_shutdown();
    }
  } else {
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    drain();
  }
}

template <class Stream>
void HttpSession<Stream>::tls_shutdown() {
  if constexpr (kTls) {
    tcp().expires_after(kLingerIdle);
    stream_.async_shutdown([self = this->shared_from_this()](error_code) { self->hard_close(); });
  }
}

template <class Stream>
void HttpSession<Stream>::drain() {
  auto left = linger_until_ - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) {
    finish_drain();
    return;
  }
  tcp().expires_after(std::min<std::chrono::steady_clock::duration>(left, kLingerIdle));
  stream_.async_read_some(asio::buffer(scratch_),
                          [self = this->shared_from_this()](error_code ec, size_t) {
                            if (ec) {
                              self->finish_drain();
                              return;
                            }
                            self->drain();
                          });
}

template <class Stream>
void HttpSession<Stream>::finish_drain() {
  if constexpr (kTls) {
    if (state_ == State::kClosing && tcp().socket().is_open()) {
      tls_shutdown();
      return;
    }
  }
  hard_close();
}

template <class Stream>
void HttpSession<Stream>::hard_close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  grace_timer_.cancel();
  tcp().close();
  if (track_id_ != 0) {
    core_->untrack(track_id_);
    track_id_ = 0;
  }
}

template <class Stream>
void HttpSession<Stream>::stop_gracefully() {
  stopping_ = true;
  switch (state_) {
    case State::kHandshake:
    case State::kReading:
      // Idle keep-alive or a request still arriving: close now (the read ends aborted).
      hard_close();
      break;
    case State::kHandling:
    case State::kWriting:
      // Closed after the response (stopping_ sets Connection: close), or cut when a handler
      // takes longer than the grace period.
      grace_timer_.expires_after(core_->options.shutdown_grace);
      grace_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
        if (!ec && (self->state_ == State::kHandling || self->state_ == State::kWriting)) {
          logger("http")->warn("http request cut at shutdown path={}", self->request_.path);
          self->hard_close();
        }
      });
      break;
    case State::kClosing:
    case State::kClosed:
      break;
  }
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace meet::http
