#include "engine/tcp_connection.hpp"

#include <algorithm>

#include "engine/media_worker.hpp"

namespace meet::engine {

namespace asio = boost::asio;

TcpConnection::TcpConnection(asio::ip::tcp::socket socket, rtc::Endpoint remote,
                             MediaWorker& worker)
    : socket_(std::move(socket)),
      auth_timer_(socket_.get_executor()),
      remote_(std::move(remote)),
      worker_(worker) {
  boost::system::error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void TcpConnection::start() {
  auth_timer_.expires_after(kAuthTimeout);
  auth_timer_.async_wait([self = shared_from_this()](auto ec) {
    if (ec || self->closed_ || self->authenticated_) return;
    self->close();
    self->worker_.on_tcp_closed(self->remote_);
  });
  read();
}

void TcpConnection::read() {
  socket_.async_read_some(asio::buffer(read_buf_), [self = shared_from_this()](auto ec, size_t n) {
    if (ec || self->closed_) {
      if (!self->closed_) {
        self->closed_ = true;
        self->worker_.on_tcp_closed(self->remote_);
      }
      return;
    }
    if (!self->framer_.feed(std::span<const uint8_t>(self->read_buf_.data(), n))) {
      self->close();
      self->worker_.on_tcp_closed(self->remote_);
      return;
    }
    while (auto frame = self->framer_.next()) {
      if (frame->size() > self->frame_buf_.size()) continue;
      std::copy(frame->begin(), frame->end(), self->frame_buf_.begin());
      self->worker_.on_datagram(self->frame_buf_, frame->size(), self->remote_);
      if (self->closed_) return;
    }
    self->read();
  });
}

bool TcpConnection::send_frame(std::span<const uint8_t> packet) {
  if (closed_ || packet.size() > 0xffff || pending_.size() + packet.size() + 2 > kMaxPending) {
    return false;
  }
  pending_.push_back(static_cast<uint8_t>(packet.size() >> 8));
  pending_.push_back(static_cast<uint8_t>(packet.size()));
  pending_.insert(pending_.end(), packet.begin(), packet.end());
  if (!write_in_flight_) write();
  return true;
}

void TcpConnection::write() {
  if (pending_.empty() || closed_) return;
  std::swap(pending_, writing_);
  pending_.clear();
  write_in_flight_ = true;
  asio::async_write(socket_, asio::buffer(writing_), [self = shared_from_this()](auto ec, size_t) {
    self->write_in_flight_ = false;
    self->writing_.clear();
    if (ec) {
      self->close();
      return;
    }
    self->write();
  });
}

void TcpConnection::close() {
  if (closed_) return;
  closed_ = true;
  auth_timer_.cancel();
  boost::system::error_code ec;
  socket_.close(ec);
}

}  // namespace meet::engine
