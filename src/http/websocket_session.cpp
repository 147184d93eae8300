#include "http/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>

#include "common/log.hpp"

namespace meet::http {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using boost::system::error_code;

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream stream, std::string remote_ip,
                                           std::shared_ptr<ServerCore> core,
                                           std::unique_ptr<ConnectionLease> lease)
    : WebSocketConnection(std::move(remote_ip)),
      core_(std::move(core)),
      lease_(std::move(lease)),
      ws_(std::move(stream)) {}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() {
  if (track_id_ != 0) core_->untrack(track_id_);
}

template <class Stream>
void WebSocketSession<Stream>::start(beast::http::request<beast::http::string_body> upgrade,
                                     const Request& request, const WebSocketFactory& factory) {
  track_id_ = core_->track(self());
  // The websocket stream keeps its own timers; the TCP one must not fire under it.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = std::chrono::seconds(15);
  timeout.idle_timeout = core_->options.idle_timeout;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "meet"); }));
  ws_.read_message_max(0);  // on_read enforces kMaxMessageBytes itself
  ws_.text(true);

  try {
    handler_ = factory(self(), request);
  } catch (const std::exception& e) {
    logger("http")->error("websocket factory threw path={} what={}", request.path, e.what());
  }
  if (!handler_) close_here(kWsPolicyViolation, "refused", true);

  ws_.async_accept(upgrade, [self = self()](error_code ec) { self->on_accept(ec); });
}

template <class Stream>
void WebSocketSession<Stream>::on_accept(error_code ec) {
  if (ec) {
    logger("http")->debug("websocket handshake failed ip={} reason={}", remote_ip(), ec.message());
    finish();
    return;
  }
  accepted_ = true;
  do_read();
  pump();
}

template <class Stream>
void WebSocketSession<Stream>::do_read() {
  // Read by parts so that a message over the limit can be counted and discarded here, and the
  // handler told before we close (Beast's own limit fails the connection at the frame header).
  ws_.async_read_some(buffer_, kReadChunkBytes,
                      [self = self()](error_code ec, size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void WebSocketSession<Stream>::on_read(error_code ec, size_t bytes) {
  if (ec) {
    finish();
    return;
  }
  message_bytes_ += bytes;
  if (message_bytes_ > kMaxMessageBytes) {
    buffer_.consume(buffer_.size());
    if (!oversized_) {
      oversized_ = true;
      logger("http")->info("websocket message too big ip={}", remote_ip());
      if (!close_requested_ && handler_) {
        try {
          handler_->on_message_too_large();
        } catch (const std::exception& e) {
          logger("http")->error("websocket handler threw what={}", e.what());
        }
      }
      close_here(kWsMessageTooBig, "message too big", false);
    }
  }
  if (!ws_.is_message_done()) {
    if (!finished_) do_read();
    return;
  }
  message_bytes_ = 0;
  oversized_ = false;
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    close_here(kWsUnsupportedData, "text messages only", false);
  } else if (!close_requested_ && handler_) {
    std::string message = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    try {
      handler_->on_message(message);
    } catch (const std::exception& e) {
      logger("http")->error("websocket handler threw what={}", e.what());
      close_here(kWsInternalError, "internal error", true);
    }
  } else {
    buffer_.consume(buffer_.size());
  }
  // Keep reading while closing: the peer's close frame arrives through the read.
  if (!finished_) do_read();
}

template <class Stream>
void WebSocketSession<Stream>::send(std::string text) {
  // Runs inline when already on the loop thread.
  boost::asio::dispatch(ws_.get_executor(), [self = self(), text = std::move(text)]() mutable {
    self->send_here(std::move(text));
  });
}

template <class Stream>
void WebSocketSession<Stream>::send_here(std::string text) {
  if (close_requested_ || finished_) return;
  if (queue_.size() >= kMaxQueuedMessages || queued_bytes_ + text.size() > kMaxQueuedBytes) {
    logger("http")->warn("websocket send queue full ip={} messages={} bytes={}", remote_ip(),
                         queue_.size(), queued_bytes_);
    close_here(kWsPolicyViolation, "send queue full", true);
    return;
  }
  queued_bytes_ += text.size();
  queue_.push_back(std::move(text));
  pump();
}

template <class Stream>
void WebSocketSession<Stream>::close(uint16_t code, std::string reason) {
  boost::asio::dispatch(ws_.get_executor(), [self = self(), code, r = std::move(reason)]() mutable {
    self->close_here(code, std::move(r), false);
  });
}

template <class Stream>
void WebSocketSession<Stream>::stop_gracefully() {
  close_here(kWsGoingAway, "server shutting down", false);
}

template <class Stream>
void WebSocketSession<Stream>::close_here(uint16_t code, std::string reason, bool drop_queue) {
  if (finished_ || close_requested_) return;
  close_requested_ = true;
  close_code_ = code;
  if (reason.size() > 123) reason.resize(123);  // RFC 6455 section 5.5: control payload <= 125
  close_reason_ = std::move(reason);
  if (drop_queue) {
    // A write in flight must finish; everything behind it goes.
    while (queue_.size() > (writing_ ? 1u : 0u)) {
      queued_bytes_ -= queue_.back().size();
      queue_.pop_back();
    }
  }
  pump();
}

template <class Stream>
void WebSocketSession<Stream>::pump() {
  if (!accepted_ || writing_ || finished_) return;
  if (!queue_.empty()) {
    writing_ = true;
    ws_.async_write(boost::asio::buffer(queue_.front()),
                    [self = self()](error_code ec, size_t) { self->on_write(ec); });
    return;
  }
  if (close_requested_ && !close_sent_) {
    close_sent_ = true;
    writing_ = true;
    websocket::close_reason why(static_cast<websocket::close_code>(close_code_), close_reason_);
    ws_.async_close(why, [self = self()](error_code ec) {
      self->writing_ = false;
      // The pending read ends with `closed` once the peer answers (or the timeout hits).
      if (ec) beast::get_lowest_layer(self->ws_).close();
    });
  }
}

template <class Stream>
void WebSocketSession<Stream>::on_write(error_code ec) {
  writing_ = false;
  if (!queue_.empty()) {
    queued_bytes_ -= queue_.front().size();
    queue_.pop_front();
  }
  if (ec) {
    // The read fails too, which ends the session.
    beast::get_lowest_layer(ws_).close();
    return;
  }
  pump();
}

template <class Stream>
void WebSocketSession<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  if (track_id_ != 0) {
    core_->untrack(track_id_);
    track_id_ = 0;
  }
  std::unique_ptr<WebSocketHandler> handler = std::move(handler_);
  if (handler) {
    try {
      handler->on_close();
    } catch (const std::exception& e) {
      logger("http")->error("websocket handler threw in on_close what={}", e.what());
    }
  }
  // Pending operations (a write, a close) complete with errors and drop their references.
  if (writing_) beast::get_lowest_layer(ws_).close();
}

template class WebSocketSession<beast::tcp_stream>;
template class WebSocketSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace meet::http
