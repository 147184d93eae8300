#include "store/migrations.hpp"

#include <chrono>
#include <string>

namespace meet::store {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "initial schema",
       {
           R"(CREATE TABLE tenants (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
                scope TEXT NOT NULL,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT,
                last_used_at BIGINT))",
           "CREATE INDEX api_keys_tenant ON api_keys(tenant_id)",
           R"(CREATE TABLE meetings (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                scheduled_start BIGINT,
                scheduled_end BIGINT,
                lobby INTEGER NOT NULL,
                max_participants BIGINT NOT NULL,
                recording_auto_start INTEGER NOT NULL,
                features TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                started_at BIGINT,
                ended_at BIGINT))",
           "CREATE INDEX meetings_tenant ON meetings(tenant_id, created_at)",
           R"(CREATE TABLE participant_sessions (
                id TEXT PRIMARY KEY,
                meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                participant_id TEXT NOT NULL,
                identity TEXT NOT NULL,
                name TEXT NOT NULL,
                joined_at BIGINT NOT NULL,
                left_at BIGINT,
                leave_reason TEXT))",
           "CREATE INDEX participant_sessions_meeting ON participant_sessions(meeting_id, "
           "joined_at)",
           R"(CREATE TABLE chat_messages (
                id TEXT PRIMARY KEY,
                meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                sender_identity TEXT NOT NULL,
                sender_name TEXT NOT NULL,
                text TEXT NOT NULL,
                sent_at BIGINT NOT NULL))",
           "CREATE INDEX chat_messages_meeting ON chat_messages(meeting_id, sent_at)",
           R"(CREATE TABLE webhooks (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                events TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX webhooks_tenant ON webhooks(tenant_id)",
           R"(CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY,
                webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                event TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                last_status_code BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at)",
       }},
      // When each node was last known alive (unix ms, written every few seconds), so that at
      // start the sessions a crash left open can be closed at that time (issue 18 item 4).
      {2,
       "node heartbeats",
       {
           R"(CREATE TABLE node_heartbeats (
                node_id TEXT PRIMARY KEY,
                beat_at BIGINT NOT NULL))",
           "CREATE INDEX participant_sessions_open ON participant_sessions(left_at)",
       }},
      // Tenant keys carry a signing secret for join tokens the tenant's backend mints offline
      // (issue 18 item 6). Kept as-is: verifying an HMAC needs the secret itself (docs/api.md).
      // Keys made before this migration have none (NULL) and cannot sign.
      {3,
       "signing secrets of tenant keys",
       {
           "ALTER TABLE api_keys ADD COLUMN signing_secret TEXT",
       }},
  };
  return kMigrations;
}

namespace {

StoreResult<int64_t> current_version(SqlConnection& db) {
  auto r = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!r) return Err{r.error()};
  if (r->rows.empty() || !r->rows[0][0]) return int64_t{0};
  return static_cast<int64_t>(std::stoll(*r->rows[0][0]));
}

StoreResult<void> apply_one(SqlConnection& db, const Migration& m, int64_t now_ms) {
  for (auto sql : m.statements) {
    auto r = db.query(sql);
    if (!r) return Err{r.error()};
  }
  auto r = db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    {m.version, std::string(m.name), now_ms});
  if (!r) return Err{r.error()};
  return Ok{};
}

}  // namespace

StoreResult<int64_t> apply_migrations(SqlConnection& db) {
  auto created = db.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at BIGINT NOT NULL)");
  if (!created) return Err{created.error()};
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  const bool pg = db.dialect() == SqlDialect::kPostgres;
  auto begin = db.query(pg ? "BEGIN" : "BEGIN IMMEDIATE");
  if (!begin) return Err{begin.error()};
  auto fail = [&db](const StoreError& e) -> StoreResult<int64_t> {
    (void)db.query("ROLLBACK");
    return Err{e};
  };
  if (pg) {
    // Any constant works; it only has to be the same on every node.
    auto lock = db.query("SELECT pg_advisory_xact_lock(7155001)");
    if (!lock) return fail(lock.error());
  }
  auto version = current_version(db);
  if (!version) return fail(version.error());
  int64_t reached = *version;
  for (const auto& m : migrations()) {
    if (m.version <= reached) continue;
    auto r = apply_one(db, m, now_ms);
    if (!r) return fail(r.error());
    reached = m.version;
  }
  auto commit = db.query("COMMIT");
  if (!commit) return fail(commit.error());
  return reached;
}

}  // namespace meet::store
