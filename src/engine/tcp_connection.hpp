#pragma once
// A passive ICE-TCP connection (RFC 6544) on a media worker: RFC 4571 framed STUN, DTLS and
// SRTP. Frames go to the worker's demultiplexer as if they were datagrams.
//
// Bounded before trust: a connection reserves no send buffer until it sends (buffers grow to
// what is in flight, at most kMaxPending each), and one that has not passed an ICE check
// within kAuthTimeout is closed, so idle or hostile connections hold a socket and a 4 KiB
// read buffer for a few seconds at most. MediaWorker caps how many exist at once.
#include <array>
#include <boost/asio.hpp>
#include <chrono>
#include <memory>
#include <span>
#include <vector>

#include "net/tcp_framer.hpp"
#include "rtc/ice/endpoint.hpp"

namespace meet::engine {

class MediaWorker;

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  static constexpr size_t kMaxPending = 512 * 1024;
  static constexpr auto kAuthTimeout = std::chrono::seconds(5);

  TcpConnection(boost::asio::ip::tcp::socket socket, rtc::Endpoint remote, MediaWorker& worker);
  void start();
  // The peer passed an ICE connectivity check on this connection: no timeout any more.
  void set_authenticated() { authenticated_ = true; }
  bool authenticated() const { return authenticated_; }
  // Queues one framed packet; false (dropped) when the peer reads too slowly.
  bool send_frame(std::span<const uint8_t> packet);
  void close();

 private:
  void read();
  void write();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer auth_timer_;
  rtc::Endpoint remote_;
  MediaWorker& worker_;
  net::TcpFramer framer_;
  std::array<uint8_t, 4096> read_buf_{};
  std::array<uint8_t, 2048> frame_buf_{};
  // Double buffer: frames are appended to pending_ while writing_ is on the wire. Both keep
  // their capacity, so steady-state sending does not allocate.
  std::vector<uint8_t> pending_;
  std::vector<uint8_t> writing_;
  bool write_in_flight_ = false;
  bool closed_ = false;
  bool authenticated_ = false;
};

}  // namespace meet::engine
