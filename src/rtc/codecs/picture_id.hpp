#pragma once
// The PictureID field shared by the VP8 (RFC 7741 section 4.2) and VP9 (RFC 9628 section 4.2)
// payload descriptors: 7 bits, or 15 bits behind the M bit. `bits` is 0 when absent.
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"

namespace meet::rtc::picture_id {

inline uint16_t load(std::span<const uint8_t> b, size_t at, int bits) {
  if (bits == 15) return load_be16(b, at) & 0x7fff;
  if (bits == 7) return b[at] & 0x7f;
  return 0;
}

// Rewrites the field in its own width (the id is cut to it); false when there is none.
inline bool store(std::span<uint8_t> b, size_t at, int bits, uint16_t id) {
  if (bits == 15) {
    store_be16(b, at, static_cast<uint16_t>(0x8000 | (id & 0x7fff)));
  } else if (bits == 7) {
    b[at] = static_cast<uint8_t>(id & 0x7f);
  } else {
    return false;
  }
  return true;
}

}  // namespace meet::rtc::picture_id
