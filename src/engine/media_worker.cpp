#include "engine/media_worker.hpp"

#include <malloc.h>

#include <pthread.h>

#include <string>

#include "common/log.hpp"
#include "engine/room.hpp"
#include "engine/tcp_connection.hpp"
#include "net/datagram_reader.hpp"

namespace meet::engine {
namespace {

namespace asio = boost::asio;
constexpr auto kTickInterval = std::chrono::milliseconds(20);
// ICE-TCP connections one worker holds at once; each unauthenticated one lives at most
// TcpConnection::kAuthTimeout, so a flood of them is refused only for a few seconds.
constexpr size_t kMaxTcpConnections = 1024;
// Datagrams read per readiness wake-up before timers and posted work get their turn.
constexpr size_t kMaxDatagramsPerWake = 64;

rtc::Endpoint to_endpoint(const asio::ip::udp::endpoint& ep) {
  return rtc::Endpoint{ep.address(), ep.port(), false};
}

}  // namespace

MediaWorker::MediaWorker(WorkerOptions options, rtc::DtlsContext& dtls, asio::io_context& control)
    : options_(std::move(options)),
      dtls_(dtls),
      control_(control),
      work_(asio::make_work_guard(io_)),
      udp_(io_),
      tcp_(io_),
      tick_timer_(io_),
      counters_(EngineCounters::instance()) {}

MediaWorker::~MediaWorker() {
  stop();
}

void MediaWorker::start() {
  auto address = asio::ip::make_address(options_.bind_address);
  if (options_.enable_udp) {
    udp_.open(address.is_v6() ? asio::ip::udp::v6() : asio::ip::udp::v4());
    udp_.set_option(asio::socket_base::reuse_address(true));
    udp_.set_option(asio::socket_base::receive_buffer_size(4 << 20));
    udp_.set_option(asio::socket_base::send_buffer_size(4 << 20));
    udp_.bind({address, options_.udp_port});
    udp_.non_blocking(true);
    if (!net::DatagramReader::enable_timestamps(udp_)) {
      logger("engine")->warn("no kernel receive timestamps on UDP; feedback uses read times");
    }
    udp_port_ = udp_.local_endpoint().port();
    udp_batch_ =
        std::make_unique<net::UdpSendBatch>(net::UdpSendBatch::sendmmsg_on(udp_.native_handle()));
    receive_udp();
  }
  if (options_.enable_tcp) {
    tcp_.open(address.is_v6() ? asio::ip::tcp::v6() : asio::ip::tcp::v4());
    tcp_.set_option(asio::socket_base::reuse_address(true));
    tcp_.bind({address, options_.tcp_port});
    tcp_.listen();
    tcp_port_ = tcp_.local_endpoint().port();
    accept_tcp();
  }
  tick_timer_.expires_after(kTickInterval);
  tick_timer_.async_wait([this](auto ec) {
    if (!ec) on_tick();
  });
  thread_ = std::thread([this] {
    // Named for top -H and perf; tests also use the name to find the packet path's thread.
    const std::string name = "meet-media-" + std::to_string(options_.index);
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    logger("engine")->info("media worker started index={} udp={} tcp={}", options_.index, udp_port_,
                           tcp_port_);
    io_.run();
  });
}

void MediaWorker::stop() {
  if (!thread_.joinable()) return;
  post([this] {
    for (auto& [id, room] : rooms_) room->close_all();
    counters_.rooms.fetch_sub(static_cast<int64_t>(rooms_.size()), std::memory_order_relaxed);
    rooms_.clear();
    flush_udp();
    boost::system::error_code ec;
    udp_.close(ec);
    tcp_.close(ec);
    for (auto& [ep, conn] : tcp_conns_) conn->close();
    tcp_conns_.clear();
    tick_timer_.cancel();
    work_.reset();
    // Connections mid-write may still hold handlers; nothing on this worker outlives stop().
    io_.stop();
  });
  thread_.join();
}

void MediaWorker::post(std::function<void()> task) {
  asio::post(io_, std::move(task));
}

void MediaWorker::post_control(std::function<void()> task) {
  asio::post(control_, std::move(task));
}

Room& MediaWorker::room(const std::string& id) {
  auto& slot = rooms_[id];
  if (!slot) {
    slot = std::make_unique<Room>(id, *this, options_.audio_speakers_only_above);
    if (auto tap = taps_.find(id); tap != taps_.end()) slot->set_recording_tap(tap->second);
    counters_.rooms.fetch_add(1, std::memory_order_relaxed);
  }
  return *slot;
}

void MediaWorker::set_recording_tap(const std::string& id, std::shared_ptr<RecordingTap> tap) {
  if (tap) {
    taps_[id] = tap;
  } else {
    taps_.erase(id);
  }
  if (auto* r = find_room(id)) r->set_recording_tap(std::move(tap));
}

Room* MediaWorker::find_room(const std::string& id) {
  auto it = rooms_.find(id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

void MediaWorker::remove_room_if_empty(const std::string& id) {
  auto it = rooms_.find(id);
  if (it != rooms_.end() && it->second->empty()) {
    rooms_.erase(it);
    counters_.rooms.fetch_sub(1, std::memory_order_relaxed);
    // Packet caches are freed with the room; hand the memory back to the system instead of
    // keeping it in malloc's free lists, so the process shrinks after a large meeting.
    malloc_trim(0);
  }
}

void MediaWorker::receive_udp() {
  udp_.async_wait(asio::ip::udp::socket::wait_read, [this](auto ec) {
    if (ec == asio::error::operation_aborted || !udp_.is_open()) return;
    if (!ec) read_udp();
    receive_udp();
  });
}

void MediaWorker::read_udp() {
  flush_due_ = true;  // flushed below: sends made here need no posted flush
  // What is waiting, up to a bound so timers and posted work are not starved by a flood.
  for (size_t i = 0; i < kMaxDatagramsPerWake; ++i) {
    boost::system::error_code ec;
    auto d = net::DatagramReader::read(udp_, recv_buf_, ec);
    if (!d) break;
    counters_.count_read_lag(d->waited);
    on_datagram(recv_buf_, d->size, to_endpoint(d->from), d->arrival);
  }
  flush_udp();
  flush_due_ = false;
}

void MediaWorker::accept_tcp() {
  tcp_.async_accept([this](auto ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !tcp_.is_open()) return;
    if (!ec) {
      boost::system::error_code ep_ec;
      auto remote = socket.remote_endpoint(ep_ec);
      if (!ep_ec) {
        rtc::Endpoint from{remote.address(), remote.port(), true};
        if (tcp_conns_.size() >= kMaxTcpConnections) {
          count_drop(DropReason::kTcpConnectionLimit);
          socket.close(ep_ec);
          accept_tcp();
          return;
        }
        auto conn = std::make_shared<TcpConnection>(std::move(socket), from, *this);
        tcp_conns_[from] = conn;
        conn->start();
      }
    }
    accept_tcp();
  });
}

void MediaWorker::on_datagram(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from,
                              TimePoint arrival) {
  router_.route(buffer, len, from, arrival, now());
}

void MediaWorker::send_datagram(const rtc::Endpoint& to, std::span<const uint8_t> bytes) {
  if (to.tcp) {
    auto it = tcp_conns_.find(to);
    if (it == tcp_conns_.end() || !it->second->send_frame(bytes)) {
      count_drop(DropReason::kTcpOverflow);
      return;
    }
    counters_.packets_out.fetch_add(1, std::memory_order_relaxed);
    counters_.bytes_out.fetch_add(bytes.size(), std::memory_order_relaxed);
    return;
  }
  if (!udp_batch_) {
    count_drop(DropReason::kSendFailed);
    return;
  }
  // Counted when the batch is sent (flush_udp), not here.
  const auto sent = udp_batch_->add({to.address, to.port}, bytes);
  if (sent.sent + sent.failed > 0) count_sent(sent);
  if (!flush_due_ && !udp_batch_->empty()) {
    flush_due_ = true;
    post([this] {
      flush_udp();
      flush_due_ = false;
    });
  }
}

void MediaWorker::flush_udp() {
  if (udp_batch_ && !udp_batch_->empty()) count_sent(udp_batch_->flush());
}

void MediaWorker::count_sent(const net::UdpSendBatch::Result& r) {
  counters_.packets_out.fetch_add(r.sent, std::memory_order_relaxed);
  counters_.bytes_out.fetch_add(r.bytes, std::memory_order_relaxed);
  if (r.failed > 0) {
    counters_.dropped[static_cast<size_t>(DropReason::kSendFailed)].fetch_add(
        r.failed, std::memory_order_relaxed);
  }
}

void MediaWorker::bind_endpoint(const rtc::Endpoint& from, WebRtcTransport& transport) {
  router_.bind(from, transport);
  if (from.tcp) {
    if (auto it = tcp_conns_.find(from); it != tcp_conns_.end()) it->second->set_authenticated();
  }
}

void MediaWorker::on_tcp_closed(const rtc::Endpoint& from) {
  tcp_conns_.erase(from);
  router_.unbind(from);
}

void MediaWorker::on_tick() {
  flush_due_ = true;  // flushed at the end
  const auto now = this->now();
  for (auto it = rooms_.begin(); it != rooms_.end();) {
    it->second->tick(now);
    if (it->second->empty()) {
      it = rooms_.erase(it);
      counters_.rooms.fetch_sub(1, std::memory_order_relaxed);
    } else {
      ++it;
    }
  }
  flush_udp();
  flush_due_ = false;
  tick_timer_.expires_after(kTickInterval);
  tick_timer_.async_wait([this](auto ec) {
    if (!ec) on_tick();
  });
}

}  // namespace meet::engine
