// SqlStore: participant sessions, chat messages, webhooks and webhook deliveries.
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
