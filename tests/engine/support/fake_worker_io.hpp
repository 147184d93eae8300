#pragma once
// WorkerIo in memory for engine unit tests: a ManualClock, every datagram the engine sends
// recorded instead of sent, posted work queued until the test runs it, counters of its own
// (not the process-wide ones), and the same TransportRouter the MediaWorker demultiplexes
// with, so deliver() hands a transport its datagrams as the worker would. One thread; no
// sockets, no sleeps. Header-only because the test glob builds only *_test.cpp files.
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "common/clock.hpp"
#include "engine/engine_counters.hpp"
#include "engine/transport_router.hpp"
#include "engine/worker_io.hpp"
#include "rtc/dtls/dtls_certificate.hpp"
#include "rtc/dtls/dtls_context.hpp"

namespace meet::engine::testing {

class FakeWorkerIo final : public WorkerIo {
 public:
  struct Datagram {
    rtc::Endpoint to;
    std::vector<uint8_t> bytes;
  };

  FakeWorkerIo() : certificate_(rtc::DtlsCertificate::generate()), dtls_(certificate_) {}

  // --- WorkerIo ---
  void send_datagram(const rtc::Endpoint& to, std::span<const uint8_t> bytes) override {
    sent_.push_back(Datagram{to, {bytes.begin(), bytes.end()}});
    counters_.packets_out.fetch_add(1, std::memory_order_relaxed);
    counters_.bytes_out.fetch_add(bytes.size(), std::memory_order_relaxed);
  }
  void register_transport(WebRtcTransport& t) override { router_.add(t); }
  void unregister_transport(WebRtcTransport& t) override { router_.remove(t); }
  void bind_endpoint(const rtc::Endpoint& from, WebRtcTransport& t) override {
    router_.bind(from, t);
  }
  rtc::DtlsContext& dtls() override { return dtls_; }
  void post(std::function<void()> task) override { worker_tasks_.push_back(std::move(task)); }
  void post_control(std::function<void()> task) override {
    control_tasks_.push_back(std::move(task));
  }
  const meet::Clock& clock() const override { return clock_; }
  TimePoint packet_arrival(TimePoint now) const override { return router_.packet_arrival(now); }
  EngineCounters& counters() override { return counters_; }
  std::span<uint8_t> scratch() override { return scratch_; }
  std::span<uint8_t> scratch2() override { return scratch2_; }

  // --- The test's side ---
  ManualClock& manual_clock() { return clock_; }
  const std::string& fingerprint_sha256() const { return certificate_->fingerprint_sha256(); }

  // A datagram from `from` arriving now, as the worker's socket would hand it over.
  void deliver(std::span<const uint8_t> bytes, const rtc::Endpoint& from) {
    if (bytes.size() > receive_buf_.size()) return;
    std::copy(bytes.begin(), bytes.end(), receive_buf_.begin());
    router_.route(receive_buf_, bytes.size(), from, now(), now());
  }
  // What the engine sent since the last call, in order.
  std::vector<Datagram> take_sent() { return std::exchange(sent_, {}); }

  // Runs posted work (worker tasks first) until none is left; returns how many ran.
  size_t run_posted() {
    size_t n = 0;
    while (!worker_tasks_.empty() || !control_tasks_.empty()) {
      auto& queue = worker_tasks_.empty() ? control_tasks_ : worker_tasks_;
      auto task = std::move(queue.front());
      queue.pop_front();
      task();
      ++n;
    }
    return n;
  }

  uint64_t dropped(DropReason why) const {
    return counters_.dropped[static_cast<size_t>(why)].load(std::memory_order_relaxed);
  }

 private:
  ManualClock clock_;
  std::shared_ptr<const rtc::DtlsCertificate> certificate_;
  rtc::DtlsContext dtls_;
  EngineCounters counters_;
  TransportRouter router_{counters_};
  std::vector<Datagram> sent_;
  std::deque<std::function<void()>> worker_tasks_;
  std::deque<std::function<void()>> control_tasks_;
  std::array<uint8_t, 2048> receive_buf_{};
  std::array<uint8_t, 2048> scratch_buf_{};
  std::array<uint8_t, 2048> scratch2_buf_{};
  std::span<uint8_t> scratch_{scratch_buf_};
  std::span<uint8_t> scratch2_{scratch2_buf_};
};

}  // namespace meet::engine::testing
