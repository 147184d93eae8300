#include "net/datagram_reader.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace meet::net {
namespace {

std::chrono::nanoseconds since_epoch(const timespec& t) {
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

}  // namespace

bool DatagramReader::enable_timestamps(boost::asio::ip::udp::socket& socket) {
  const int on = 1;
  return ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) == 0;
}

std::optional<DatagramReader::Datagram> DatagramReader::read(boost::asio::ip::udp::socket& socket,
                                                             std::span<uint8_t> buffer,
                                                             boost::system::error_code& ec) {
  ec.clear();
  Datagram d;
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(timespec))> control{};
  msghdr msg{};
  msg.msg_name = d.from.data();
  msg.msg_namelen = static_cast<socklen_t>(d.from.capacity());
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.data();
  msg.msg_controllen = control.size();
  const ssize_t n = ::recvmsg(socket.native_handle(), &msg, MSG_DONTWAIT);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      ec.assign(errno, boost::system::system_category());
    }
    return std::nullopt;
  }
  d.size = static_cast<size_t>(n);
  d.from.resize(msg.msg_namelen);
  const auto steady_now = std::chrono::steady_clock::now();
  d.arrival = steady_now;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec stamp{};
    std::memcpy(&stamp, CMSG_DATA(c), sizeof(stamp));
    timespec realtime_now{};
    ::clock_gettime(CLOCK_REALTIME, &realtime_now);
    d.arrival = to_steady(stamp, realtime_now, steady_now);
    d.waited = steady_now - d.arrival;
  }
  return d;
}

DatagramReader::TimePoint DatagramReader::to_steady(const timespec& stamp,
                                                    const timespec& realtime_now,
                                                    TimePoint steady_now) {
  const auto age = std::clamp<std::chrono::nanoseconds>(
      since_epoch(realtime_now) - since_epoch(stamp), std::chrono::nanoseconds::zero(), kMaxAge);
  return steady_now - std::chrono::duration_cast<TimePoint::duration>(age);
}

}  // namespace meet::net
