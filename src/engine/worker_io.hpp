#pragma once
// What a room, its participants, their tracks and transports need from the thread they live
// on: send a datagram (UDP, or RFC 4571 framed on an ICE-TCP connection, as the endpoint
// says), find their transports again by ufrag and address, post work, the clock, the counters
// and the thread's scratch buffers. MediaWorker implements it with sockets and an io_context;
// tests implement it in memory (tests/engine/support/fake_worker_io.hpp) and drive a Room on
// one thread with a ManualClock, without sockets or sleeps.
//
// Everything here is called on the worker thread, except post() and post_control(), which any
// thread may call. Nothing on the packet path allocates: sends take a span of the caller's
// bytes, and the scratch buffers belong to the thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>

#include "common/clock.hpp"
#include "engine/drop_reason.hpp"
#include "engine/engine_counters.hpp"
#include "rtc/ice/endpoint.hpp"

namespace meet::rtc {
class DtlsContext;
}

namespace meet::engine {

class WebRtcTransport;
using TimePoint = std::chrono::steady_clock::time_point;

class WorkerIo {
 public:
  virtual ~WorkerIo() = default;

  // --- Sending and routing ---
  // Sends `bytes` (already protected) to `to`: a UDP datagram, or one frame on the ICE-TCP
  // connection `to` names. A send that fails is dropped and counted.
  virtual void send_datagram(const rtc::Endpoint& to, std::span<const uint8_t> bytes) = 0;
  // A transport is reachable by its local ICE ufrag from registration until unregistration
  // (and by the addresses bind_endpoint() gave it).
  virtual void register_transport(WebRtcTransport& t) = 0;
  virtual void unregister_transport(WebRtcTransport& t) = 0;
  // `from` passed an ICE check of `transport`: its DTLS and SRTP go there from now on.
  virtual void bind_endpoint(const rtc::Endpoint& from, WebRtcTransport& transport) = 0;
  virtual rtc::DtlsContext& dtls() = 0;

  // --- Work and time ---
  // Runs `task` later on this worker's thread. Any thread.
  virtual void post(std::function<void()> task) = 0;
  // Runs `task` on the control thread (notices going up). Any thread.
  virtual void post_control(std::function<void()> task) = 0;
  virtual const Clock& clock() const = 0;
  TimePoint now() const { return clock().now_steady(); }
  // While a datagram is handled, when it arrived (the kernel's receive stamp for UDP), no
  // later than `now`; `now` otherwise. Transport-wide feedback reports these times.
  virtual TimePoint packet_arrival(TimePoint now) const = 0;

  // --- Counters and buffers ---
  virtual EngineCounters& counters() = 0;
  void count_drop(DropReason why) {
    counters().dropped[static_cast<size_t>(why)].fetch_add(1, std::memory_order_relaxed);
  }
  // Buffers for building one outgoing packet (worker thread only, not reentrant: a function
  // that uses scratch() calls nothing that uses it too before it sent what it built).
  virtual std::span<uint8_t> scratch() = 0;
  virtual std::span<uint8_t> scratch2() = 0;
};

}  // namespace meet::engine
