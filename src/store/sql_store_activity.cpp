// SqlStore: participant sessions, chat messages, webhooks and webhook deliveries.
#include <algorithm>

#include "store/sql_row_reader.hpp"
#include "store/sql_store.hpp"

namespace meet::store {
namespace {

constexpr const char* kSessionColumns =
    "id, meeting_id, participant_id, identity, name, joined_at, left_at, leave_reason";
constexpr const char* kChatColumns = "id, meeting_id, sender_identity, sender_name, text, sent_at";
constexpr const char* kWebhookColumns = "id, tenant_id, url, secret, events, created_at";
constexpr const char* kDeliveryColumns =
    "id, webhook_id, event, payload, status, attempts, last_status_code, last_error, created_at, "
    "updated_at";

ParticipantSession read_session(const SqlRow& row) {
  SqlRowReader r(row);
  ParticipantSession s;
  s.id = r.text();
  s.meeting_id = r.text();
  s.participant_id = r.text();
  s.identity = r.text();
  s.name = r.text();
  s.joined_at_ms = r.integer();
  s.left_at_ms = r.optional_integer();
  s.leave_reason = r.optional_text();
  return s;
}

ChatMessage read_chat(const SqlRow& row) {
  SqlRowReader r(row);
  ChatMessage m;
  m.id = r.text();
  m.meeting_id = r.text();
  m.sender_identity = r.text();
  m.sender_name = r.text();
  m.text = r.text();
  m.sent_at_ms = r.integer();
  return m;
}

Webhook read_webhook(const SqlRow& row) {
  SqlRowReader r(row);
  Webhook w;
  w.id = r.text();
  w.tenant_id = r.text();
  w.url = r.text();
  w.secret = r.text();
  w.events = r.string_list();
  w.created_at_ms = r.integer();
  return w;
}

WebhookDelivery read_delivery(const SqlRow& row) {
  SqlRowReader r(row);
  WebhookDelivery d;
  d.id = r.text();
  d.webhook_id = r.text();
  d.event = r.text();
  d.payload = r.text();
  d.status = delivery_status_from(r.text()).value_or(DeliveryStatus::kPending);
  d.attempts = r.integer();
  d.last_status_code = r.optional_integer();
  d.last_error = r.optional_text();
  d.created_at_ms = r.integer();
  d.updated_at_ms = r.integer();
  return d;
}

}  // namespace

// ---- participant sessions ----

StoreResult<ParticipantSession> SqlStore::add_session(ParticipantSession s) {
  std::lock_guard lock(mutex_);
  if (s.id.empty()) s.id = new_id("ps_");
  auto r = conn_->query(sql({"INSERT INTO participant_sessions (", kSessionColumns,
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"}),
                        {s.id, s.meeting_id, s.participant_id, s.identity, s.name, s.joined_at_ms,
                         optional_value(s.left_at_ms), optional_value(s.leave_reason)});
  if (!r) return Err{r.error()};
  return s;
}

StoreResult<void> SqlStore::close_session(const std::string& meeting_id,
                                          const std::string& participant_id, int64_t left_at_ms,
                                          const std::string& reason) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      "UPDATE participant_sessions SET left_at = $3, leave_reason = $4 "
      "WHERE meeting_id = $1 AND participant_id = $2 AND left_at IS NULL",
      {meeting_id, participant_id, left_at_ms, reason});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("open session");
  return Ok{};
}

StoreResult<Page<ParticipantSession>> SqlStore::list_sessions(const std::string& meeting_id,
                                                              PageRequest page) {
  std::lock_guard lock(mutex_);
  auto total =
      count("SELECT COUNT(*) FROM participant_sessions WHERE meeting_id = $1", {meeting_id});
  if (!total) return Err{total.error()};
  auto r = conn_->query(sql({"SELECT ", kSessionColumns,
                             " FROM participant_sessions WHERE meeting_id = $1 "
                             "ORDER BY joined_at, id LIMIT $2 OFFSET $3"}),
                        {meeting_id, page.limit, page.offset});
  if (!r) return Err{r.error()};
  Page<ParticipantSession> out;
  out.total = *total;
  for (const auto& row : r->rows) out.items.push_back(read_session(row));
  return out;
}

StoreResult<std::vector<std::string>> SqlStore::removed_identities(const std::string& meeting_id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      "SELECT DISTINCT identity FROM participant_sessions "
      "WHERE meeting_id = $1 AND leave_reason = 'removed' ORDER BY identity LIMIT $2",
      {meeting_id, kMaxRemovedIdentities});
  if (!r) return Err{r.error()};
  std::vector<std::string> out;
  for (const auto& row : r->rows) out.push_back(SqlRowReader(row).text());
  return out;
}

// ---- node liveness and start-up recovery ----

StoreResult<void> SqlStore::record_heartbeat(const std::string& node_id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      "INSERT INTO node_heartbeats (node_id, beat_at) VALUES ($1, $2) "
      "ON CONFLICT (node_id) DO UPDATE SET beat_at = excluded.beat_at",
      {node_id, now_ms});
  if (!r) return Err{r.error()};
  return Ok{};
}

// The latest join, leave or chat time recorded for a meeting; nullopt when there is none.
StoreResult<std::optional<int64_t>> SqlStore::meeting_last_activity(const std::string& meeting_id) {
  auto r = conn_->query(
      "SELECT MAX(joined_at), MAX(left_at), "
      "(SELECT MAX(sent_at) FROM chat_messages WHERE meeting_id = $1) "
      "FROM participant_sessions WHERE meeting_id = $1",
      {meeting_id});
  if (!r) return Err{r.error()};
  std::optional<int64_t> latest;
  if (r->rows.empty()) return latest;
  SqlRowReader row(r->rows[0]);
  for (int i = 0; i < 3; ++i) {
    auto v = row.optional_integer();
    if (v && (!latest || *v > *latest)) latest = v;
  }
  return latest;
}

StoreResult<RecoveryReport> SqlStore::recover_locked(const std::string& node_id, int64_t now_ms) {
  auto beat = conn_->query("SELECT beat_at FROM node_heartbeats WHERE node_id = $1", {node_id});
  if (!beat) return Err{beat.error()};
  std::optional<int64_t> heartbeat;
  if (!beat->rows.empty()) heartbeat = SqlRowReader(beat->rows[0]).optional_integer();

  // The last time this node was known alive, as seen from one meeting.
  auto last_alive = [&](const std::string& meeting_id) -> StoreResult<int64_t> {
    if (heartbeat) return std::min(*heartbeat, now_ms);
    auto activity = meeting_last_activity(meeting_id);
    if (!activity) return Err{activity.error()};
    return std::min(activity->value_or(now_ms), now_ms);
  };

  RecoveryReport report;
  auto open = conn_->query(sql({"SELECT ", kSessionColumns,
                                " FROM participant_sessions WHERE left_at IS NULL "
                                "ORDER BY joined_at, id"}));
  if (!open) return Err{open.error()};
  for (const auto& row : open->rows) {
    ParticipantSession s = read_session(row);
    auto alive = last_alive(s.meeting_id);
    if (!alive) return Err{alive.error()};
    s.left_at_ms = std::max(*alive, s.joined_at_ms);
    s.leave_reason = "server_restart";
    auto r = conn_->query(
        "UPDATE participant_sessions SET left_at = $2, leave_reason = $3 WHERE id = $1",
        {s.id, *s.left_at_ms, *s.leave_reason});
    if (!r) return Err{r.error()};
    report.closed_sessions.push_back(std::move(s));
  }

  auto live = conn_->query("SELECT id FROM meetings WHERE status = 'live' ORDER BY id");
  if (!live) return Err{live.error()};
  for (const auto& row : live->rows) {
    auto m = get_meeting_locked(SqlRowReader(row).text());
    if (!m) return Err{m.error()};
    auto alive = last_alive(m->id);
    if (!alive) return Err{alive.error()};
    // As when the last participant leaves: back to scheduled, with the time it ended.
    m->status = MeetingStatus::kScheduled;
    m->ended_at_ms = std::max(*alive, m->started_at_ms.value_or(*alive));
    m->updated_at_ms = now_ms;
    auto r = conn_->query(
        "UPDATE meetings SET status = $2, ended_at = $3, updated_at = $4 WHERE id = $1",
        {m->id, std::string(to_string(m->status)), *m->ended_at_ms, m->updated_at_ms});
    if (!r) return Err{r.error()};
    report.finished_meetings.push_back(std::move(*m));
  }
  return report;
}

StoreResult<RecoveryReport> SqlStore::recover_after_restart(const std::string& node_id,
                                                            int64_t now_ms) {
  std::lock_guard lock(mutex_);
  // One transaction: a crash during recovery leaves everything to the next start.
  auto begin = conn_->query("BEGIN");
  if (!begin) return Err{begin.error()};
  auto report = recover_locked(node_id, now_ms);
  if (!report) {
    (void)conn_->query("ROLLBACK");
    return report;
  }
  auto commit = conn_->query("COMMIT");
  if (!commit) {
    (void)conn_->query("ROLLBACK");
    return Err{commit.error()};
  }
  return report;
}

// ---- chat ----

StoreResult<ChatMessage> SqlStore::add_chat_message(ChatMessage m) {
  std::lock_guard lock(mutex_);
  if (m.id.empty()) m.id = new_id("msg_");
  auto r = conn_->query(
      sql({"INSERT INTO chat_messages (", kChatColumns, ") VALUES ($1, $2, $3, $4, $5, $6)"}),
      {m.id, m.meeting_id, m.sender_identity, m.sender_name, m.text, m.sent_at_ms});
  if (!r) return Err{r.error()};
  return m;
}

StoreResult<Page<ChatMessage>> SqlStore::list_chat_messages(const std::string& meeting_id,
                                                            PageRequest page) {
  std::lock_guard lock(mutex_);
  auto total = count("SELECT COUNT(*) FROM chat_messages WHERE meeting_id = $1", {meeting_id});
  if (!total) return Err{total.error()};
  auto r = conn_->query(sql({"SELECT ", kChatColumns,
                             " FROM chat_messages WHERE meeting_id = $1 "
                             "ORDER BY sent_at, id LIMIT $2 OFFSET $3"}),
                        {meeting_id, page.limit, page.offset});
  if (!r) return Err{r.error()};
  Page<ChatMessage> out;
  out.total = *total;
  for (const auto& row : r->rows) out.items.push_back(read_chat(row));
  return out;
}

// ---- webhooks ----

StoreResult<Webhook> SqlStore::create_webhook(Webhook w) {
  std::lock_guard lock(mutex_);
  if (w.id.empty()) w.id = new_id("wh_");
  auto r = conn_->query(
      sql({"INSERT INTO webhooks (", kWebhookColumns, ") VALUES ($1, $2, $3, $4, $5, $6)"}),
      {w.id, w.tenant_id, w.url, w.secret, to_json_list(w.events), w.created_at_ms});
  if (!r) return Err{r.error()};
  return w;
}

StoreResult<Webhook> SqlStore::get_webhook(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(sql({"SELECT ", kWebhookColumns, " FROM webhooks WHERE id = $1"}), {id});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("webhook");
  return read_webhook(r->rows[0]);
}

StoreResult<std::vector<Webhook>> SqlStore::list_webhooks(const std::string& tenant_id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(sql({"SELECT ", kWebhookColumns,
                             " FROM webhooks WHERE tenant_id = $1 ORDER BY created_at DESC, id"}),
                        {tenant_id});
  if (!r) return Err{r.error()};
  std::vector<Webhook> out;
  for (const auto& row : r->rows) out.push_back(read_webhook(row));
  return out;
}

StoreResult<void> SqlStore::delete_webhook(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query("DELETE FROM webhooks WHERE id = $1", {id});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("webhook");
  return Ok{};
}

// ---- deliveries ----

StoreResult<WebhookDelivery> SqlStore::create_delivery(WebhookDelivery d) {
  std::lock_guard lock(mutex_);
  if (d.id.empty()) d.id = new_id("dl_");
  auto r = conn_->query(sql({"INSERT INTO webhook_deliveries (", kDeliveryColumns,
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"}),
                        {d.id, d.webhook_id, d.event, d.payload, std::string(to_string(d.status)),
                         d.attempts, optional_value(d.last_status_code),
                         optional_value(d.last_error), d.created_at_ms, d.updated_at_ms});
  if (!r) return Err{r.error()};
  return d;
}

StoreResult<WebhookDelivery> SqlStore::get_delivery(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      sql({"SELECT ", kDeliveryColumns, " FROM webhook_deliveries WHERE id = $1"}), {id});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("delivery");
  return read_delivery(r->rows[0]);
}

StoreResult<void> SqlStore::update_delivery(const WebhookDelivery& d) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      "UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status_code = $4, "
      "last_error = $5, updated_at = $6 WHERE id = $1",
      {d.id, std::string(to_string(d.status)), d.attempts, optional_value(d.last_status_code),
       optional_value(d.last_error), d.updated_at_ms});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("delivery");
  return Ok{};
}

StoreResult<Page<WebhookDelivery>> SqlStore::list_deliveries(const std::string& webhook_id,
                                                             PageRequest page) {
  std::lock_guard lock(mutex_);
  auto total = count("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1", {webhook_id});
  if (!total) return Err{total.error()};
  auto r = conn_->query(sql({"SELECT ", kDeliveryColumns,
                             " FROM webhook_deliveries WHERE webhook_id = $1 "
                             "ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"}),
                        {webhook_id, page.limit, page.offset});
  if (!r) return Err{r.error()};
  Page<WebhookDelivery> out;
  out.total = *total;
  for (const auto& row : r->rows) out.items.push_back(read_delivery(row));
  return out;
}

}  // namespace meet::store
