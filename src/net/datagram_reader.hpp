#pragma once
// Reads datagrams from a non-blocking UDP socket together with the time the kernel received
// each one (SO_TIMESTAMPNS), not the time this thread got round to reading it.
//
// Why: a publisher's congestion controller probes its path by sending a short burst and reading
// back, in transport-wide feedback, how far apart the packets arrived. When the media thread is
// descheduled for a few milliseconds (two cores shared with the browsers' encoders), a burst
// read afterwards looks as if it arrived all at once; the sender then rejects the probe (its
// receive rate far above its send rate) and ramps up by small steps for many seconds.
//
// The kernel's stamp is on CLOCK_REALTIME; it is turned into the steady clock by its age
// (realtime now minus the stamp), clamped to [0, kMaxAge] so a wall-clock step cannot move
// arrivals far. Without a stamp (the option refused), arrival is the steady clock's now; the
// kernel also stamps at the read for a short while after the first socket of the host asks.
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <span>

namespace meet::net {

class DatagramReader {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr std::chrono::milliseconds kMaxAge{1000};

  struct Datagram {
    size_t size = 0;
    boost::asio::ip::udp::endpoint from;
    TimePoint arrival;
    std::chrono::nanoseconds waited{0};  // in the socket, from the kernel's stamp to the read
  };

  // Asks the kernel to stamp arrivals on `socket` (open already). False when it refuses: reads
  // still work, stamped with the time of reading.
  static bool enable_timestamps(boost::asio::ip::udp::socket& socket);

  // One waiting datagram into `buffer` (a longer one is cut to its size, as recvfrom does), or
  // nothing when none is waiting; `ec` holds any other error.
  static std::optional<Datagram> read(boost::asio::ip::udp::socket& socket,
                                      std::span<uint8_t> buffer, boost::system::error_code& ec);

  // The steady-clock time of a kernel stamp, given both clocks read now. Pure, for tests.
  static TimePoint to_steady(const timespec& stamp, const timespec& realtime_now,
                             TimePoint steady_now);
};

}  // namespace meet::net
