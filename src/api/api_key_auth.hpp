#pragma once
// ApiKeyAuth: checks the X-API-Key header. Keys look like "mk_<32 base64url chars>"; only
// sha256_hex(key) is stored, with the first 9 characters ("mk_ab12cd") as a visible prefix.
// An admin key comes from configuration (MEET_ADMIN_KEY, compared in constant time) or from
// the store (generated once by ensure_admin_key). Thread-safe.
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/api_error.hpp"
#include "common/clock.hpp"
#include "http/request.hpp"
#include "store/store.hpp"

namespace meet::api {

struct Principal {
  store::KeyScope scope = store::KeyScope::kTenant;
  std::string tenant_id;  // empty for admin
  std::string key_id;     // "config" for the configured admin key
};

struct GeneratedKey {
  std::string secret;  // shown once, never stored
  std::string prefix;
  std::string secret_hash;
};

class ApiKeyAuth {
 public:
  ApiKeyAuth(store::Store& store, const Clock& clock, std::string configured_admin_key);

  // 401 `unauthorized` for a missing, unknown or revoked key; 503 `store_unavailable` when
  // the store cannot answer. Records last_used_at at most once a minute per key.
  ApiResult<Principal> authenticate(const http::Request& request);

  // When no admin key is configured and the store holds no live admin key, creates one and
  // returns its secret (for app/ to print once); nullopt otherwise.
  store::StoreResult<std::optional<std::string>> ensure_admin_key();

  static GeneratedKey generate_key();

 private:
  void touch(const std::string& key_id);

  store::Store& store_;
  const Clock& clock_;
  std::string configured_admin_hash_;  // empty when none configured
  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> last_touch_ms_;
};

}  // namespace meet::api
