#pragma once
// A media worker: one thread with its own io_context, UDP socket and TCP listener, owning the
// rooms placed on it. Packets never change threads: a room's clients are told this worker's
// ports. Other threads talk to it only through post().
#include <array>
#include <boost/asio.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "engine/drop_reason.hpp"
#include "engine/engine_counters.hpp"
#include "engine/transport_router.hpp"
#include "engine/webrtc_transport.hpp"
#include "engine/worker_io.hpp"
#include "net/udp_send_batch.hpp"
#include "rtc/dtls/dtls_transport.hpp"
#include "rtc/ice/endpoint.hpp"

namespace meet::engine {

class RecordingTap;
class Room;
class TcpConnection;

struct WorkerOptions {
  int index = 0;
  std::string bind_address = "0.0.0.0";
  uint16_t udp_port = 0;  // 0: no UDP
  uint16_t tcp_port = 0;  // 0: no TCP
  bool enable_udp = true;
  bool enable_tcp = true;
  size_t audio_speakers_only_above = 0;  // see EngineOptions
};

class MediaWorker final : public WorkerIo {
 public:
  MediaWorker(WorkerOptions options, rtc::DtlsContext& dtls, boost::asio::io_context& control);
  ~MediaWorker() override;
  MediaWorker(const MediaWorker&) = delete;
  MediaWorker& operator=(const MediaWorker&) = delete;

  // Binds the sockets (throws on failure: start-up) and starts the thread.
  void start();
  // Closes everything and joins the thread. Call from the control thread.
  void stop();

  uint16_t udp_port() const { return udp_port_; }
  uint16_t tcp_port() const { return tcp_port_; }
  int index() const { return options_.index; }
  const WorkerOptions& options() const { return options_; }

  // WorkerIo
  void post(std::function<void()> task) override;
  void post_control(std::function<void()> task) override;
  const Clock& clock() const override { return clock_; }
  TimePoint packet_arrival(TimePoint now) const override { return router_.packet_arrival(now); }
  EngineCounters& counters() override { return counters_; }
  std::span<uint8_t> scratch() override { return scratch_; }
  std::span<uint8_t> scratch2() override { return scratch2_; }
  rtc::DtlsContext& dtls() override { return dtls_; }
  void register_transport(WebRtcTransport& t) override { router_.add(t); }
  void unregister_transport(WebRtcTransport& t) override { router_.remove(t); }
  void send_datagram(const rtc::Endpoint& to, std::span<const uint8_t> bytes) override;
  void bind_endpoint(const rtc::Endpoint& from, WebRtcTransport& transport) override;

  // Worker thread only.
  Room& room(const std::string& id);  // creates it on first use
  Room* find_room(const std::string& id);
  void remove_room_if_empty(const std::string& id);
  // Taps room `id` for the recorder (null: stops); kept for the room if it is recreated.
  void set_recording_tap(const std::string& id, std::shared_ptr<RecordingTap> tap);

  // A datagram received at `arrival` (the kernel's stamp for UDP). Worker thread.
  void on_datagram(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from,
                   TimePoint arrival);
  // A frame from an ICE-TCP connection, received now.
  void on_datagram(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from) {
    on_datagram(buffer, len, from, now());
  }
  void on_tcp_closed(const rtc::Endpoint& from);

 private:
  void receive_udp();
  void read_udp();
  void accept_tcp();
  void on_tick();
  // Sends the queued UDP datagrams now and counts what went and what the kernel refused.
  void flush_udp();
  void count_sent(const net::UdpSendBatch::Result& r);

  WorkerOptions options_;
  rtc::DtlsContext& dtls_;
  boost::asio::io_context& control_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::ip::udp::socket udp_;
  boost::asio::ip::tcp::acceptor tcp_;
  boost::asio::steady_timer tick_timer_;
  uint16_t udp_port_ = 0;
  uint16_t tcp_port_ = 0;
  std::thread thread_;

  std::array<uint8_t, 2048> recv_buf_{};
  std::array<uint8_t, 2048> scratch_buf_{};
  std::array<uint8_t, 2048> scratch2_buf_{};
  std::span<uint8_t> scratch_{scratch_buf_};
  std::span<uint8_t> scratch2_{scratch2_buf_};
  // UDP sends wait here (made by start() once the socket exists) until the batch fills or the
  // handler that sent ends, so nothing stays queued while the thread sleeps: read_udp() and
  // on_tick() flush when done, and a send from any other handler posts one flush.
  // flush_due_: a flush is sure to run before the thread sleeps (the running handler's own or a
  // posted one); posting another per wake-up would cost an extra epoll_wait(0) each time.
  std::unique_ptr<net::UdpSendBatch> udp_batch_;
  bool flush_due_ = false;

  std::unordered_map<std::string, std::unique_ptr<Room>> rooms_;
  std::unordered_map<std::string, std::shared_ptr<RecordingTap>> taps_;
  std::unordered_map<rtc::Endpoint, std::shared_ptr<TcpConnection>, rtc::EndpointHash> tcp_conns_;
  const Clock& clock_ = SystemClock::instance();
  EngineCounters& counters_;
  TransportRouter router_{counters_};
};

}  // namespace meet::engine
