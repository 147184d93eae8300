#pragma once
// HMAC-SHA1 (RFC 2104) over a message given in pieces, for STUN MESSAGE-INTEGRITY (RFC 8489
// section 14.5), whose input is the STUN header with a patched length followed by the
// attributes. OpenSSL 3 EVP_MAC underneath, with one context per thread reused across calls,
// so a check allocates nothing after the first on a thread.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace meet::rtc {

inline constexpr size_t kHmacSha1Size = 20;
using HmacSha1Digest = std::array<uint8_t, kHmacSha1Size>;

// Computes HMAC-SHA1(key, concatenation of `parts`) into `out`. Any thread. Returns false only
// if OpenSSL fails (no SHA1 provider, out of memory); `out` is then unspecified.
bool hmac_sha1(std::string_view key, std::initializer_list<std::span<const uint8_t>> parts,
               HmacSha1Digest& out);

}  // namespace meet::rtc
