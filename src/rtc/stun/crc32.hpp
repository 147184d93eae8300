#pragma once
// CRC-32 (ISO 3309 / ITU-T V.42, the one zlib and Ethernet use: reflected polynomial 0xEDB88320,
// initial value and final xor 0xFFFFFFFF). STUN's FINGERPRINT (RFC 8489 section 14.7) is this
// CRC xor 0x5354554E. A 1 KiB table built at compile time; no dependency on zlib.
#include <array>
#include <cstdint>
#include <span>

namespace meet::rtc {

namespace detail {
inline constexpr std::array<uint32_t, 256> kCrc32Table = [] {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) {
      c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    }
    table[i] = c;
  }
  return table;
}();
}  // namespace detail

// CRC-32 of `bytes`. Pure function, any thread.
constexpr uint32_t crc32(std::span<const uint8_t> bytes) {
  uint32_t c = 0xFFFFFFFFU;
  for (uint8_t b : bytes) {
    c = detail::kCrc32Table[(c ^ b) & 0xFFU] ^ (c >> 8);
  }
  return c ^ 0xFFFFFFFFU;
}

}  // namespace meet::rtc
