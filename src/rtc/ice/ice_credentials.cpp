#include "rtc/ice/ice_credentials.hpp"

#include <string_view>
#include <vector>

#include "common/crypto.hpp"

namespace meet::rtc {

namespace {

// The 64 ice-chars, so each random byte's low 6 bits pick one uniformly.
constexpr std::string_view kIceChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static_assert(kIceChars.size() == 64);

}  // namespace

IceCredentials IceCredentials::generate() {
  const std::vector<uint8_t> random = random_bytes(kUfragLength + kPwdLength);
  IceCredentials out;
  out.ufrag.reserve(kUfragLength);
  out.pwd.reserve(kPwdLength);
  for (size_t i = 0; i < random.size(); ++i) {
    const char c = kIceChars[random[i] & 0x3F];
    (i < kUfragLength ? out.ufrag : out.pwd).push_back(c);
  }
  return out;
}

}  // namespace meet::rtc
