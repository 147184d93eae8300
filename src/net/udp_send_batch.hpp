#pragma once
// Outgoing UDP datagrams queued and sent with one sendmmsg(2) per batch instead of one sendto(2)
// each (about 23 datagrams per call in the 10-person shape). On loopback this saved no CPU per
// packet, because the cost there is waking the receiving process per datagram
// (docs/benchmarks.md "Hot path changes"); it saves syscalls toward a real network card, and it
// is what UDP GSO would build on.
//
// The batch owns kCapacity slots of kSlotSize bytes and the mmsghdr/iovec/address arrays that
// point at them, all allocated once by the constructor: add() copies the caller's bytes into the
// next slot and allocates nothing. A datagram larger than a slot is sent at once (after what is
// queued, so order is kept). The owner must flush() before its thread sleeps: nothing is sent
// until the batch fills or flush() is called.
//
// One thread only. Never blocks: the socket is non-blocking, and a datagram the kernel refuses
// (EAGAIN included) is counted as failed and the batch goes on with the next one.
#include <sys/socket.h>
#include <sys/uio.h>

#include <boost/asio/ip/udp.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace meet::net {

class UdpSendBatch {
 public:
  static constexpr size_t kCapacity = 64;
  static constexpr size_t kSlotSize = 2048;

  // Sends the leading messages of `msgs` as sendmmsg(2) does: returns how many were sent (at
  // least one), or -1 with errno set when the first one failed.
  using SendMany = std::function<int(std::span<mmsghdr> msgs)>;

  // What a flush did; add() returns the flush it triggered, if any.
  struct Result {
    size_t sent = 0;
    size_t bytes = 0;
    size_t failed = 0;
    Result& operator+=(const Result& r);
  };

  explicit UdpSendBatch(SendMany send);
  UdpSendBatch(const UdpSendBatch&) = delete;
  UdpSendBatch& operator=(const UdpSendBatch&) = delete;

  // sendmmsg(2) on the socket `fd` (non-blocking, MSG_DONTWAIT).
  static SendMany sendmmsg_on(int fd);

  // Queues a copy of `bytes` for `to`; sends the batch when it is full.
  Result add(const boost::asio::ip::udp::endpoint& to, std::span<const uint8_t> bytes);
  // Sends everything queued; the batch is empty afterwards.
  Result flush();

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  void fill(size_t i, const boost::asio::ip::udp::endpoint& to, const uint8_t* data, size_t len);
  Result send_all(size_t n);

  SendMany send_;
  std::vector<uint8_t> slots_;
  std::vector<iovec> iovs_;
  std::vector<sockaddr_storage> addresses_;
  std::vector<mmsghdr> msgs_;
  size_t count_ = 0;
};

}  // namespace meet::net
