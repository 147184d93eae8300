#include "common/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "common/assert.hpp"
#include "common/base64.hpp"

namespace meet {
namespace {

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

template <size_t N>
std::array<uint8_t, N> hmac(const EVP_MD* md, std::span<const uint8_t> key,
                            std::span<const uint8_t> data) {
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  // HMAC() with a null key pointer would use a static buffer; pass a valid pointer.
  static const uint8_t kEmpty = 0;
  const uint8_t* k = key.empty() ? &kEmpty : key.data();
  const uint8_t* d = data.empty() ? &kEmpty : data.data();
  uint8_t* r = HMAC(md, k, static_cast<int>(key.size()), d, data.size(), out.data(), &len);
  MEET_ASSERT(r != nullptr && len == N, "HMAC failed");
  return out;
}

}  // namespace

Sha1Digest hmac_sha1(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  return hmac<20>(EVP_sha1(), key, data);
}
Sha1Digest hmac_sha1(std::string_view key, std::string_view data) {
  return hmac_sha1(as_bytes(key), as_bytes(data));
}
Sha256Digest hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  return hmac<32>(EVP_sha256(), key, data);
}
Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  return hmac_sha256(as_bytes(key), as_bytes(data));
}

Sha256Digest sha256(std::span<const uint8_t> data) {
  Sha256Digest out{};
  unsigned int len = 0;
  int ok = EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  MEET_ASSERT(ok == 1 && len == out.size(), "SHA-256 failed");
  return out;
}
Sha256Digest sha256(std::string_view data) {
  return sha256(as_bytes(data));
}

std::string to_hex(std::span<const uint8_t> data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  return to_hex(sha256(data));
}

std::vector<uint8_t> random_bytes(size_t n) {
  std::vector<uint8_t> out(n);
  if (n == 0) return out;
  int ok = RAND_bytes(out.data(), static_cast<int>(n));
  MEET_ASSERT(ok == 1, "RAND_bytes failed");
  return out;
}

std::string random_token(size_t n_bytes) {
  return base64url_encode(random_bytes(n_bytes));
}

bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}
bool constant_time_equal(std::string_view a, std::string_view b) {
  return constant_time_equal(as_bytes(a), as_bytes(b));
}

}  // namespace meet
