// SqlStore: tenants, API keys and meetings. Sessions, chat and webhooks are in
// sql_store_activity.cpp.
#include "store/sql_store.hpp"

#include "store/migrations.hpp"
#include "store/sql_row_reader.hpp"

namespace meet::store {
namespace {

constexpr const char* kTenantColumns = "id, name, created_at";
constexpr const char* kKeyColumns =
    "id, tenant_id, scope, name, prefix, secret_hash, created_at, revoked_at, last_used_at, "
    "signing_secret";
constexpr const char* kMeetingColumns =
    "id, tenant_id, title, scheduled_start, scheduled_end, lobby, max_participants, "
    "recording_auto_start, features, status, created_at, updated_at, started_at, ended_at";

Tenant read_tenant(const SqlRow& row) {
  SqlRowReader r(row);
  Tenant t;
  t.id = r.text();
  t.name = r.text();
  t.created_at_ms = r.integer();
  return t;
}

ApiKey read_key(const SqlRow& row) {
  SqlRowReader r(row);
  ApiKey k;
  k.id = r.text();
  k.tenant_id = r.text();
  k.scope = key_scope_from(r.text()).value_or(KeyScope::kTenant);
  k.name = r.text();
  k.prefix = r.text();
  k.secret_hash = r.text();
  k.created_at_ms = r.integer();
  k.revoked_at_ms = r.optional_integer();
  k.last_used_at_ms = r.optional_integer();
  k.signing_secret = r.text();
  return k;
}

Meeting read_meeting(const SqlRow& row) {
  SqlRowReader r(row);
  Meeting m;
  m.id = r.text();
  m.tenant_id = r.text();
  m.title = r.text();
  m.scheduled_start_ms = r.optional_integer();
  m.scheduled_end_ms = r.optional_integer();
  m.settings.lobby = r.boolean();
  m.settings.max_participants = r.integer();
  m.settings.recording_auto_start = r.boolean();
  m.settings.features = r.string_list();
  m.status = meeting_status_from(r.text()).value_or(MeetingStatus::kScheduled);
  m.created_at_ms = r.integer();
  m.updated_at_ms = r.integer();
  m.started_at_ms = r.optional_integer();
  m.ended_at_ms = r.optional_integer();
  return m;
}

}  // namespace

StoreResult<std::unique_ptr<SqlStore>> SqlStore::open(std::unique_ptr<SqlConnection> conn) {
  auto version = apply_migrations(*conn);
  if (!version) return Err{version.error()};
  return std::unique_ptr<SqlStore>(new SqlStore(std::move(conn)));
}

StoreResult<int64_t> SqlStore::count(std::string_view query, const std::vector<SqlValue>& params) {
  auto r = conn_->query(query, params);
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return int64_t{0};
  return SqlRowReader(r->rows[0]).integer();
}

// ---- tenants ----

StoreResult<Tenant> SqlStore::create_tenant(Tenant t) {
  std::lock_guard lock(mutex_);
  if (t.id.empty()) t.id = new_id("tn_");
  auto r = conn_->query("INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)",
                        {t.id, t.name, t.created_at_ms});
  if (!r) return Err{r.error()};
  return t;
}

StoreResult<Tenant> SqlStore::get_tenant(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(sql({"SELECT ", kTenantColumns, " FROM tenants WHERE id = $1"}), {id});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("tenant");
  return read_tenant(r->rows[0]);
}

StoreResult<Page<Tenant>> SqlStore::list_tenants(PageRequest page) {
  std::lock_guard lock(mutex_);
  auto total = count("SELECT COUNT(*) FROM tenants", {});
  if (!total) return Err{total.error()};
  auto r = conn_->query(sql({"SELECT ", kTenantColumns,
                             " FROM tenants ORDER BY created_at DESC, id LIMIT $1 OFFSET $2"}),
                        {page.limit, page.offset});
  if (!r) return Err{r.error()};
  Page<Tenant> out;
  out.total = *total;
  for (const auto& row : r->rows) out.items.push_back(read_tenant(row));
  return out;
}

StoreResult<void> SqlStore::delete_tenant(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query("DELETE FROM tenants WHERE id = $1", {id});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("tenant");
  return Ok{};
}

// ---- API keys ----

StoreResult<ApiKey> SqlStore::create_api_key(ApiKey k) {
  std::lock_guard lock(mutex_);
  if (k.id.empty()) k.id = new_id("key_");
  SqlValue tenant = k.tenant_id.empty() ? SqlValue(nullptr) : SqlValue(k.tenant_id);
  auto r = conn_->query(
      sql({"INSERT INTO api_keys (", kKeyColumns,
           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"}),
      {k.id, tenant, std::string(to_string(k.scope)), k.name, k.prefix, k.secret_hash,
       k.created_at_ms, optional_value(k.revoked_at_ms), optional_value(k.last_used_at_ms),
       k.signing_secret.empty() ? SqlValue(nullptr) : SqlValue(k.signing_secret)});
  if (!r) return Err{r.error()};
  return k;
}

StoreResult<ApiKey> SqlStore::get_api_key_locked(const std::string& id) {
  auto r = conn_->query(sql({"SELECT ", kKeyColumns, " FROM api_keys WHERE id = $1"}), {id});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("api key");
  return read_key(r->rows[0]);
}

StoreResult<ApiKey> SqlStore::get_api_key(const std::string& id) {
  std::lock_guard lock(mutex_);
  return get_api_key_locked(id);
}

StoreResult<ApiKey> SqlStore::find_api_key_by_hash(const std::string& secret_hash) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(sql({"SELECT ", kKeyColumns, " FROM api_keys WHERE secret_hash = $1"}),
                        {secret_hash});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("api key");
  return read_key(r->rows[0]);
}

StoreResult<std::vector<ApiKey>> SqlStore::list_api_keys(const std::string& tenant_id) {
  std::lock_guard lock(mutex_);
  StoreResult<SqlResult> r =
      tenant_id.empty()
          ? conn_->query(
                sql({"SELECT ", kKeyColumns,
                     " FROM api_keys WHERE tenant_id IS NULL ORDER BY created_at DESC, id"}))
          : conn_->query(sql({"SELECT ", kKeyColumns,
                              " FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id"}),
                         {tenant_id});
  if (!r) return Err{r.error()};
  std::vector<ApiKey> out;
  for (const auto& row : r->rows) out.push_back(read_key(row));
  return out;
}

StoreResult<ApiKey> SqlStore::revoke_api_key(const std::string& tenant_id, const std::string& id,
                                             int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto key = get_api_key_locked(id);
  if (!key) return Err{key.error()};
  if (key->tenant_id != tenant_id) return not_found("api key");
  if (key->revoked_at_ms) return key;
  auto r = conn_->query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2", {now_ms, id});
  if (!r) return Err{r.error()};
  key->revoked_at_ms = now_ms;
  return key;
}

StoreResult<void> SqlStore::touch_api_key(const std::string& id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2", {now_ms, id});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("api key");
  return Ok{};
}

// ---- meetings ----

StoreResult<Meeting> SqlStore::create_meeting(Meeting m) {
  std::lock_guard lock(mutex_);
  if (m.id.empty()) m.id = new_id("mtg_");
  auto r = conn_->query(
      sql({"INSERT INTO meetings (", kMeetingColumns,
           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"}),
      {m.id, m.tenant_id, m.title, optional_value(m.scheduled_start_ms),
       optional_value(m.scheduled_end_ms), int64_t{m.settings.lobby}, m.settings.max_participants,
       int64_t{m.settings.recording_auto_start}, to_json_list(m.settings.features),
       std::string(to_string(m.status)), m.created_at_ms, m.updated_at_ms,
       optional_value(m.started_at_ms), optional_value(m.ended_at_ms)});
  if (!r) return Err{r.error()};
  return m;
}

StoreResult<Meeting> SqlStore::get_meeting_locked(const std::string& id) {
  auto r = conn_->query(sql({"SELECT ", kMeetingColumns, " FROM meetings WHERE id = $1"}), {id});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("meeting");
  return read_meeting(r->rows[0]);
}

StoreResult<Meeting> SqlStore::get_meeting(const std::string& id) {
  std::lock_guard lock(mutex_);
  return get_meeting_locked(id);
}

StoreResult<Page<Meeting>> SqlStore::list_meetings(const std::string& tenant_id, PageRequest page) {
  std::lock_guard lock(mutex_);
  auto total = count("SELECT COUNT(*) FROM meetings WHERE tenant_id = $1", {tenant_id});
  if (!total) return Err{total.error()};
  auto r = conn_->query(sql({"SELECT ", kMeetingColumns,
                             " FROM meetings WHERE tenant_id = $1 ORDER BY created_at DESC, id "
                             "LIMIT $2 OFFSET $3"}),
                        {tenant_id, page.limit, page.offset});
  if (!r) return Err{r.error()};
  Page<Meeting> out;
  out.total = *total;
  for (const auto& row : r->rows) out.items.push_back(read_meeting(row));
  return out;
}

StoreResult<Meeting> SqlStore::update_meeting(const Meeting& m) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      "UPDATE meetings SET title = $2, scheduled_start = $3, scheduled_end = $4, lobby = $5, "
      "max_participants = $6, recording_auto_start = $7, features = $8, status = $9, "
      "updated_at = $10, started_at = $11, ended_at = $12 WHERE id = $1",
      {m.id, m.title, optional_value(m.scheduled_start_ms), optional_value(m.scheduled_end_ms),
       int64_t{m.settings.lobby}, m.settings.max_participants,
       int64_t{m.settings.recording_auto_start}, to_json_list(m.settings.features),
       std::string(to_string(m.status)), m.updated_at_ms, optional_value(m.started_at_ms),
       optional_value(m.ended_at_ms)});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("meeting");
  return get_meeting_locked(m.id);
}

StoreResult<void> SqlStore::delete_meeting(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query("DELETE FROM meetings WHERE id = $1", {id});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("meeting");
  return Ok{};
}

}  // namespace meet::store
