#pragma once
// ICE username fragment and password (RFC 8445 section 5.3, syntax in RFC 8839 section 5.4):
// ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4..256 chars, pwd 22..256 chars.
#include <string>

namespace meet::rtc {

struct IceCredentials {
  std::string ufrag;
  std::string pwd;

  static constexpr size_t kUfragLength = 8;  // 48 random bits
  static constexpr size_t kPwdLength = 24;   // 144 random bits (RFC 8445 asks for >= 128)

  // Fresh random credentials from OpenSSL's CSPRNG (aborts if the RNG fails). Any thread.
  static IceCredentials generate();
};

}  // namespace meet::rtc
