#pragma once
// SqlStore: the Store over any SqlConnection. SqliteStore and PostgresStore are this class
// with their own connection, so both dialects run the very same queries.
// Thread-safety: one mutex serializes every call on the single connection.
#include <memory>
#include <mutex>

#include "store/sql_connection.hpp"
#include "store/store.hpp"

namespace meet::store {

class SqlStore : public Store {
 public:
  // Applies migrations on `conn`; fails when they cannot be applied.
  static StoreResult<std::unique_ptr<SqlStore>> open(std::unique_ptr<SqlConnection> conn);

  StoreResult<Tenant> create_tenant(Tenant t) override;
  StoreResult<Tenant> get_tenant(const std::string& id) override;
  StoreResult<Page<Tenant>> list_tenants(PageRequest page) override;
  StoreResult<void> delete_tenant(const std::string& id) override;

  StoreResult<ApiKey> create_api_key(ApiKey k) override;
  StoreResult<ApiKey> get_api_key(const std::string& id) override;
  StoreResult<ApiKey> find_api_key_by_hash(const std::string& secret_hash) override;
  StoreResult<std::vector<ApiKey>> list_api_keys(const std::string& tenant_id) override;
  StoreResult<ApiKey> revoke_api_key(const std::string& tenant_id, const std::string& id,
                                     int64_t now_ms) override;
  StoreResult<void> touch_api_key(const std::string& id, int64_t now_ms) override;

  StoreResult<Meeting> create_meeting(Meeting m) override;
  StoreResult<Meeting> get_meeting(const std::string& id) override;
  StoreResult<Page<Meeting>> list_meetings(const std::string& tenant_id, PageRequest page) override;
  StoreResult<Meeting> update_meeting(const Meeting& m) override;
  StoreResult<void> delete_meeting(const std::string& id) override;

  StoreResult<ParticipantSession> add_session(ParticipantSession s) override;
  StoreResult<void> close_session(const std::string& meeting_id, const std::string& participant_id,
                                  int64_t left_at_ms, const std::string& reason) override;
  StoreResult<Page<ParticipantSession>> list_sessions(const std::string& meeting_id,
                                                      PageRequest page) override;
  StoreResult<std::vector<std::string>> removed_identities(const std::string& meeting_id) override;

  StoreResult<void> record_heartbeat(const std::string& node_id, int64_t now_ms) override;
  StoreResult<RecoveryReport> recover_after_restart(const std::string& node_id,
                                                    int64_t now_ms) override;

  StoreResult<ChatMessage> add_chat_message(ChatMessage m) override;
  StoreResult<Page<ChatMessage>> list_chat_messages(const std::string& meeting_id,
                                                    PageRequest page) override;

  StoreResult<Webhook> create_webhook(Webhook w) override;
  StoreResult<Webhook> get_webhook(const std::string& id) override;
  StoreResult<std::vector<Webhook>> list_webhooks(const std::string& tenant_id) override;
  StoreResult<void> delete_webhook(const std::string& id) override;

  StoreResult<WebhookDelivery> create_delivery(WebhookDelivery d) override;
  StoreResult<WebhookDelivery> get_delivery(const std::string& id) override;
  StoreResult<void> update_delivery(const WebhookDelivery& d) override;
  StoreResult<Page<WebhookDelivery>> list_deliveries(const std::string& webhook_id,
                                                     PageRequest page) override;

  StoreResult<Recording> create_recording(Recording r) override;
  StoreResult<Recording> get_recording(const std::string& id) override;
  StoreResult<Page<Recording>> list_recordings(const std::string& tenant_id,
                                               PageRequest page) override;
  StoreResult<Page<Recording>> list_meeting_recordings(const std::string& meeting_id,
                                                       PageRequest page) override;
  StoreResult<std::vector<Recording>> list_recordings_in_state(RecordingState state) override;
  StoreResult<Recording> update_recording(const Recording& r) override;
  StoreResult<void> delete_recording(const std::string& id) override;

 protected:
  explicit SqlStore(std::unique_ptr<SqlConnection> conn) : conn_(std::move(conn)) {}

 private:
  StoreResult<int64_t> count(std::string_view sql, const std::vector<SqlValue>& params);
  StoreResult<Meeting> get_meeting_locked(const std::string& id);
  StoreResult<ApiKey> get_api_key_locked(const std::string& id);
  StoreResult<RecoveryReport> recover_locked(const std::string& node_id, int64_t now_ms);
  StoreResult<std::optional<int64_t>> meeting_last_activity(const std::string& meeting_id);
  StoreResult<Page<Recording>> list_recordings_where(const char* column, const std::string& value,
                                                     PageRequest page);

  std::mutex mutex_;
  std::unique_ptr<SqlConnection> conn_;
};

}  // namespace meet::store
