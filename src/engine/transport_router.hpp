#pragma once
// Hands each datagram a media worker receives to the transport it belongs to: demultiplexed by
// its first byte (RFC 7983), STUN by the ICE ufrag in its USERNAME, DTLS and SRTP by the
// address an ICE check validated. Knows the transports of one worker; no sockets, so the
// worker and the tests' in-memory WorkerIo route the same way. Worker thread only.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "engine/drop_reason.hpp"
#include "rtc/ice/endpoint.hpp"

namespace meet::engine {

struct EngineCounters;
class WebRtcTransport;
using TimePoint = std::chrono::steady_clock::time_point;

class TransportRouter {
 public:
  explicit TransportRouter(EngineCounters& counters) : counters_(counters) {}

  // By its local ufrag, until remove().
  void add(WebRtcTransport& t);
  // Forgets `t` under every ufrag and address.
  void remove(WebRtcTransport& t);
  void bind(const rtc::Endpoint& from, WebRtcTransport& t) { by_endpoint_[from] = &t; }
  void unbind(const rtc::Endpoint& from) { by_endpoint_.erase(from); }

  // `buffer` holds `len` received bytes from `from` (SRTP is decrypted in place), which
  // arrived at `arrival`; counted, and dropped with a DropReason when nobody takes them.
  void route(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from, TimePoint arrival,
             TimePoint now);
  // See WorkerIo::packet_arrival.
  TimePoint packet_arrival(TimePoint now) const {
    return arrival_ ? std::min(*arrival_, now) : now;
  }

 private:
  void route_stun(std::span<const uint8_t> bytes, const rtc::Endpoint& from, TimePoint now);
  void count_drop(DropReason why);

  EngineCounters& counters_;
  std::optional<TimePoint> arrival_;  // of the datagram being handled
  std::unordered_map<std::string, WebRtcTransport*> by_ufrag_;
  std::unordered_map<rtc::Endpoint, WebRtcTransport*, rtc::EndpointHash> by_endpoint_;
};

}  // namespace meet::engine
