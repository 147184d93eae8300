#pragma once
// RFC 4571 framing: RTP, RTCP, STUN and DTLS over a TCP stream (ICE-TCP, RFC 6544), each
// packet preceded by its length as a 16-bit big-endian number.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |             LENGTH            |  packet (LENGTH bytes) ...    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace meet::net {

enum class TcpFramerError : uint8_t {
  kOverflow,  // more bytes buffered than the capacity: the peer is not draining; close
};

// Reassembles frames from a byte stream. One per connection, on the thread that reads it; not
// thread-safe. The buffer grows on demand up to the capacity and is then reused.
//
//   if (!framer.feed(received)) close();
//   while (auto frame = framer.next()) handle(*frame);
class TcpFramer {
 public:
  static constexpr size_t kHeaderSize = 2;
  static constexpr size_t kMaxFrame = 0xFFFF;
  // Room for a whole frame not yet complete plus a 64 KiB read behind it: a caller that drains
  // next() after every feed() of at most 65537 bytes never overflows.
  static constexpr size_t kDefaultCapacity = 2 * (kHeaderSize + kMaxFrame);

  // `capacity` must hold at least one largest frame (kHeaderSize + kMaxFrame).
  explicit TcpFramer(size_t capacity = kDefaultCapacity);

  // Appends received bytes. Invalidates spans returned by next(). On kOverflow nothing is
  // appended; the stream cannot be resynchronised, so the caller closes the connection.
  Result<void, TcpFramerError> feed(std::span<const uint8_t> bytes);

  // The next complete frame's payload (possibly empty), or nullopt until more bytes arrive.
  // The span views the internal buffer and stays valid until the next feed().
  std::optional<std::span<const uint8_t>> next();

  // Bytes received and not yet returned by next().
  size_t buffered() const { return buffer_.size() - read_; }

  // Appends `packet` with its length prefix to `out`. `packet` is at most kMaxFrame bytes.
  static void frame(std::span<const uint8_t> packet, std::vector<uint8_t>& out);

 private:
  std::vector<uint8_t> buffer_;
  size_t read_ = 0;  // start of the bytes not yet returned
  size_t capacity_;
};

}  // namespace meet::net
