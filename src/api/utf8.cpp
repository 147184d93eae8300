#include "api/utf8.hpp"

#include <cstdint>

namespace meet::api {

// RFC 3629 section 4 syntax:
//   UTF8-2 = %xC2-DF UTF8-tail
//   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
//            %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
//   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) / %xF4 %x80-8F 2( UTF8-tail )
bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  auto tail = [&](const uint8_t* q, uint8_t lo = 0x80, uint8_t hi = 0xBF) {
    return q < end && *q >= lo && *q <= hi;
  };
  while (p < end) {
    const uint8_t c = *p;
    if (c < 0x80) {
      ++p;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (!tail(p + 1)) return false;
      p += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      const uint8_t lo = c == 0xE0 ? 0xA0 : 0x80;
      const uint8_t hi = c == 0xED ? 0x9F : 0xBF;
      if (!tail(p + 1, lo, hi) || !tail(p + 2)) return false;
      p += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      const uint8_t lo = c == 0xF0 ? 0x90 : 0x80;
      const uint8_t hi = c == 0xF4 ? 0x8F : 0xBF;
      if (!tail(p + 1, lo, hi) || !tail(p + 2) || !tail(p + 3)) return false;
      p += 4;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace meet::api
