#include "net/udp_send_batch.hpp"

#include <cerrno>
#include <cstring>

namespace meet::net {

UdpSendBatch::Result& UdpSendBatch::Result::operator+=(const Result& r) {
  sent += r.sent;
  bytes += r.bytes;
  failed += r.failed;
  return *this;
}

UdpSendBatch::UdpSendBatch(SendMany send)
    : send_(std::move(send)),
      slots_(kCapacity * kSlotSize),
      iovs_(kCapacity),
      addresses_(kCapacity),
      msgs_(kCapacity) {}

UdpSendBatch::SendMany UdpSendBatch::sendmmsg_on(int fd) {
  return [fd](std::span<mmsghdr> msgs) {
    return ::sendmmsg(fd, msgs.data(), static_cast<unsigned>(msgs.size()), MSG_DONTWAIT);
  };
}

void UdpSendBatch::fill(size_t i, const boost::asio::ip::udp::endpoint& to, const uint8_t* data,
                        size_t len) {
  std::memcpy(&addresses_[i], to.data(), to.size());
  iovs_[i] = iovec{const_cast<uint8_t*>(data), len};
  msgs_[i] = mmsghdr{};
  msgs_[i].msg_hdr.msg_name = &addresses_[i];
  msgs_[i].msg_hdr.msg_namelen = static_cast<socklen_t>(to.size());
  msgs_[i].msg_hdr.msg_iov = &iovs_[i];
  msgs_[i].msg_hdr.msg_iovlen = 1;
}

UdpSendBatch::Result UdpSendBatch::add(const boost::asio::ip::udp::endpoint& to,
                                       std::span<const uint8_t> bytes) {
  if (bytes.size() > kSlotSize) {
    // Sent from the caller's buffer, which lives until we return; queued ones go first.
    Result r = flush();
    fill(0, to, bytes.data(), bytes.size());
    r += send_all(1);
    return r;
  }
  uint8_t* slot = slots_.data() + count_ * kSlotSize;
  std::memcpy(slot, bytes.data(), bytes.size());
  fill(count_, to, slot, bytes.size());
  if (++count_ == kCapacity) return flush();
  return {};
}

UdpSendBatch::Result UdpSendBatch::flush() {
  const size_t n = count_;
  count_ = 0;
  return send_all(n);
}

// sendmmsg sends a prefix: the rest is sent again from where it stopped. A message it refuses
// (the first of what is left, errno set) is dropped and the next ones are tried, so each call
// makes progress and the loop ends.
UdpSendBatch::Result UdpSendBatch::send_all(size_t n) {
  Result r;
  size_t next = 0;
  while (next < n) {
    const int sent = send_(std::span<mmsghdr>(msgs_).subspan(next, n - next));
    if (sent <= 0) {
      if (sent < 0 && errno == EINTR) continue;
      ++r.failed;
      ++next;
      continue;
    }
    for (size_t i = next; i < next + static_cast<size_t>(sent); ++i) r.bytes += iovs_[i].iov_len;
    r.sent += static_cast<size_t>(sent);
    next += static_cast<size_t>(sent);
  }
  return r;
}

}  // namespace meet::net
