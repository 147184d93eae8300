#include "net/tcp_framer.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "common/bytes.hpp"

namespace meet::net {

TcpFramer::TcpFramer(size_t capacity) : capacity_(capacity) {
  MEET_ASSERT(capacity >= kHeaderSize + kMaxFrame, "tcp framer must hold one largest frame");
}

Result<void, TcpFramerError> TcpFramer::feed(std::span<const uint8_t> bytes) {
  // Drop what next() already returned; only a partial frame (< 64 KiB) moves.
  if (read_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(read_));
    read_ = 0;
  }
  if (bytes.size() > capacity_ - buffer_.size()) return make_error(TcpFramerError::kOverflow);
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return Ok{};
}

std::optional<std::span<const uint8_t>> TcpFramer::next() {
  const std::span<const uint8_t> rest = std::span<const uint8_t>(buffer_).subspan(read_);
  if (rest.size() < kHeaderSize) return std::nullopt;
  const size_t length = load_be16(rest, 0);
  if (rest.size() - kHeaderSize < length) return std::nullopt;
  read_ += kHeaderSize + length;
  return rest.subspan(kHeaderSize, length);
}

void TcpFramer::frame(std::span<const uint8_t> packet, std::vector<uint8_t>& out) {
  MEET_ASSERT(packet.size() <= kMaxFrame, "rfc 4571 frame longer than 65535 bytes");
  const size_t at = out.size();
  out.resize(at + kHeaderSize);
  store_be16(out, at, static_cast<uint16_t>(packet.size()));
  out.insert(out.end(), packet.begin(), packet.end());
}

}  // namespace meet::net
