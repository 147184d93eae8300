#include "rtc/stun/hmac_sha1.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

namespace meet::rtc {

namespace {

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// The HMAC implementation, fetched once per process (EVP_MAC objects are immutable and may be
// shared between threads).
EVP_MAC* hmac_algorithm() {
  static const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

// One HMAC-SHA1 context per thread, created on first use with its digest already set; each call
// only re-keys it.
EVP_MAC_CTX* thread_context() {
  thread_local const std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx = [] {
    EVP_MAC* mac = hmac_algorithm();
    std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> c(mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr);
    if (c) {
      char digest[] = "SHA1";
      const OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
          OSSL_PARAM_construct_end()};
      if (EVP_MAC_CTX_set_params(c.get(), params) != 1) c.reset();
    }
    return c;
  }();
  return ctx.get();
}

}  // namespace

bool hmac_sha1(std::string_view key, std::initializer_list<std::span<const uint8_t>> parts,
               HmacSha1Digest& out) {
  EVP_MAC_CTX* ctx = thread_context();
  if (ctx == nullptr) return false;
  // EVP_MAC_init keeps the previous key when given a null pointer, so an empty key must still
  // point somewhere.
  static const unsigned char kEmpty = 0;
  const auto* key_bytes =
      key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx, key_bytes, key.size(), nullptr) != 1) return false;
  for (std::span<const uint8_t> part : parts) {
    if (!part.empty() && EVP_MAC_update(ctx, part.data(), part.size()) != 1) return false;
  }
  size_t written = 0;
  if (EVP_MAC_final(ctx, out.data(), &written, out.size()) != 1) return false;
  return written == out.size();
}

}  // namespace meet::rtc
