#pragma once
// Small OpenSSL 3 wrappers: HMAC, SHA-256, CSPRNG, constant-time compare. Any thread.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace meet {

using Sha1Digest = std::array<uint8_t, 20>;
using Sha256Digest = std::array<uint8_t, 32>;

// HMAC (RFC 2104). Keys of any length.
Sha1Digest hmac_sha1(std::span<const uint8_t> key, std::span<const uint8_t> data);
Sha1Digest hmac_sha1(std::string_view key, std::string_view data);
Sha256Digest hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

Sha256Digest sha256(std::span<const uint8_t> data);
Sha256Digest sha256(std::string_view data);
// Lower-case hex of sha256(data), 64 characters.
std::string sha256_hex(std::string_view data);

// Lower-case hex of any bytes.
std::string to_hex(std::span<const uint8_t> data);

// n bytes from OpenSSL's CSPRNG. Aborts (MEET_ASSERT) if the RNG fails: no safe fallback.
std::vector<uint8_t> random_bytes(size_t n);
// n_bytes random bytes as unpadded base64url, e.g. for ids and secrets.
std::string random_token(size_t n_bytes);

// Compares in time that depends only on the lengths (different lengths -> false).
bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace meet
