#pragma once
// Big-endian loads and stores over byte spans. Callers check bounds first; these assert.
#include <cstddef>
#include <cstdint>
#include <span>

namespace meet {

inline uint8_t load_u8(std::span<const uint8_t> b, size_t at) {
  return b[at];
}
inline uint16_t load_be16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}
inline uint32_t load_be24(std::span<const uint8_t> b, size_t at) {
  return (uint32_t{b[at]} << 16) | (uint32_t{b[at + 1]} << 8) | b[at + 2];
}
inline uint32_t load_be32(std::span<const uint8_t> b, size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) |
         b[at + 3];
}
inline uint64_t load_be64(std::span<const uint8_t> b, size_t at) {
  return (uint64_t{load_be32(b, at)} << 32) | load_be32(b, at + 4);
}
inline void store_be16(std::span<uint8_t> b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}
inline void store_be24(std::span<uint8_t> b, size_t at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v >> 16);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
  b[at + 2] = static_cast<uint8_t>(v);
}
inline void store_be32(std::span<uint8_t> b, size_t at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v >> 24);
  b[at + 1] = static_cast<uint8_t>(v >> 16);
  b[at + 2] = static_cast<uint8_t>(v >> 8);
  b[at + 3] = static_cast<uint8_t>(v);
}
inline void store_be64(std::span<uint8_t> b, size_t at, uint64_t v) {
  store_be32(b, at, static_cast<uint32_t>(v >> 32));
  store_be32(b, at + 4, static_cast<uint32_t>(v));
}

}  // namespace meet
