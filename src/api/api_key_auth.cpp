#include "api/api_key_auth.hpp"

#include "common/crypto.hpp"
#include "common/log.hpp"

namespace meet::api {
namespace {

constexpr size_t kMaxKeyBytes = 256;
constexpr size_t kPrefixChars = 9;  // "mk_" + 6
constexpr int64_t kTouchIntervalMs = 60'000;

Err<ApiError> unauthorized(const std::string& why) {
  return api_error(401, "unauthorized", why);
}

}  // namespace

ApiKeyAuth::ApiKeyAuth(store::Store& store, const Clock& clock, std::string configured_admin_key)
    : store_(store), clock_(clock) {
  if (!configured_admin_key.empty()) configured_admin_hash_ = sha256_hex(configured_admin_key);
}

GeneratedKey ApiKeyAuth::generate_key() {
  GeneratedKey k;
  k.secret = "mk_" + random_token(24);
  k.prefix = k.secret.substr(0, kPrefixChars);
  k.secret_hash = sha256_hex(k.secret);
  return k;
}

ApiResult<Principal> ApiKeyAuth::authenticate(const http::Request& request) {
  const auto header = request.header("X-API-Key");
  if (!header || header->empty()) return unauthorized("missing X-API-Key header");
  if (header->size() > kMaxKeyBytes) return unauthorized("invalid API key");
  const std::string hash = sha256_hex(*header);
  if (!configured_admin_hash_.empty() && constant_time_equal(hash, configured_admin_hash_)) {
    return Principal{store::KeyScope::kAdmin, "", "config"};
  }
  // The lookup is by hash, so timing reveals nothing about stored secrets.
  auto key = store_.find_api_key_by_hash(hash);
  if (!key) {
    if (key.error().code == store::StoreErrorCode::kNotFound) {
      return unauthorized("invalid API key");
    }
    return Err{from_store_error(key.error(), "api key")};
  }
  if (key->revoked_at_ms) return unauthorized("API key revoked");
  touch(key->id);
  return Principal{key->scope, key->tenant_id, key->id};
}

void ApiKeyAuth::touch(const std::string& key_id) {
  const int64_t now = clock_.now_unix_ms();
  {
    std::lock_guard lock(mutex_);
    auto& last = last_touch_ms_[key_id];
    if (last != 0 && now - last < kTouchIntervalMs) return;
    last = now;
  }
  auto r = store_.touch_api_key(key_id, now);
  if (!r) logger("api")->warn("api key touch failed key={} reason={}", key_id, r.error().message);
}

store::StoreResult<std::optional<std::string>> ApiKeyAuth::ensure_admin_key() {
  if (!configured_admin_hash_.empty()) return std::optional<std::string>();
  auto keys = store_.list_api_keys("");
  if (!keys) return Err{keys.error()};
  for (const auto& k : *keys) {
    if (!k.revoked_at_ms) return std::optional<std::string>();
  }
  const auto generated = generate_key();
  store::ApiKey k;
  k.scope = store::KeyScope::kAdmin;
  k.name = "generated at first start";
  k.prefix = generated.prefix;
  k.secret_hash = generated.secret_hash;
  k.created_at_ms = clock_.now_unix_ms();
  auto created = store_.create_api_key(k);
  if (!created) return Err{created.error()};
  return std::optional<std::string>(generated.secret);
}

}  // namespace meet::api
