// libFuzzer target: the RFC 4571 framer fed arbitrary bytes in arbitrary chunks (the first
// byte of the input picks the chunk size). Every frame it returns must be the bytes that
// followed its length field in the stream, and it may never hold more than its capacity.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "net/tcp_framer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = 1 + data[0] * 7;
  const std::span<const uint8_t> stream(data + 1, size - 1);
  meet::net::TcpFramer framer;
  size_t consumed = 0;  // stream offset of the next frame's length field
  for (size_t at = 0; at < stream.size(); at += chunk) {
    const auto piece = stream.subspan(at, std::min(chunk, stream.size() - at));
    if (!framer.feed(piece)) return 0;  // overflow: a real connection closes here
    while (auto frame = framer.next()) {
      const size_t length = (size_t{stream[consumed]} << 8) | stream[consumed + 1];
      if (frame->size() != length) __builtin_trap();
      for (size_t i = 0; i < length; ++i) {
        if ((*frame)[i] != stream[consumed + 2 + i]) __builtin_trap();
      }
      consumed += 2 + length;
    }
    if (framer.buffered() != at + piece.size() - consumed) __builtin_trap();
  }
  return 0;
}
