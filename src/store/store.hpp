#pragma once
// Store: the one interface to persistent state (tenants, API keys, meetings, participant
// sessions, chat, webhooks and their deliveries). Implementations: SqliteStore (embedded
// default) and PostgresStore. Both pass tests/store/store_test.cpp.
//
// Contract for every call: synchronous, safe to call from any thread (implementations
// serialize on one connection), never throws; bad or missing rows come back as StoreError.
// Create calls assign an id when the record's id is empty and return the stored record.
#include <optional>
#include <string>
#include <vector>

#include "store/recording.hpp"
#include "store/records.hpp"
#include "store/store_error.hpp"

namespace meet::store {

class Store {
 public:
  virtual ~Store() = default;

  // Tenants. Deleting a tenant deletes its keys, meetings, webhooks and everything below.
  virtual StoreResult<Tenant> create_tenant(Tenant t) = 0;
  virtual StoreResult<Tenant> get_tenant(const std::string& id) = 0;
  virtual StoreResult<Page<Tenant>> list_tenants(PageRequest page) = 0;
  virtual StoreResult<void> delete_tenant(const std::string& id) = 0;

  // API keys. Lookup is by the sha256 of the presented secret (kConflict on a duplicate hash).
  virtual StoreResult<ApiKey> create_api_key(ApiKey k) = 0;
  virtual StoreResult<ApiKey> find_api_key_by_hash(const std::string& secret_hash) = 0;
  // By key id (the "kid" of a join token a tenant's backend signed); kNotFound when unknown.
  virtual StoreResult<ApiKey> get_api_key(const std::string& id) = 0;
  // Keys of one tenant, or the admin keys when tenant_id is empty; newest first.
  virtual StoreResult<std::vector<ApiKey>> list_api_keys(const std::string& tenant_id) = 0;
  // kNotFound unless key `id` belongs to `tenant_id` (empty: an admin key). Idempotent.
  virtual StoreResult<ApiKey> revoke_api_key(const std::string& tenant_id, const std::string& id,
                                             int64_t now_ms) = 0;
  virtual StoreResult<void> touch_api_key(const std::string& id, int64_t now_ms) = 0;

  // Meetings. get_meeting does not check the tenant: callers compare meeting.tenant_id.
  virtual StoreResult<Meeting> create_meeting(Meeting m) = 0;
  virtual StoreResult<Meeting> get_meeting(const std::string& id) = 0;
  virtual StoreResult<Page<Meeting>> list_meetings(const std::string& tenant_id,
                                                   PageRequest page) = 0;
  // Replaces every field but id, tenant_id and created_at.
  virtual StoreResult<Meeting> update_meeting(const Meeting& m) = 0;
  virtual StoreResult<void> delete_meeting(const std::string& id) = 0;

  // Participant sessions (join and leave times), oldest first.
  virtual StoreResult<ParticipantSession> add_session(ParticipantSession s) = 0;
  // Closes the open session of `participant_id` in `meeting_id`; kNotFound when none is open.
  virtual StoreResult<void> close_session(const std::string& meeting_id,
                                          const std::string& participant_id, int64_t left_at_ms,
                                          const std::string& reason) = 0;
  virtual StoreResult<Page<ParticipantSession>> list_sessions(const std::string& meeting_id,
                                                              PageRequest page) = 0;
  // The identities a moderator removed from `meeting_id` (a session closed "removed"), sorted,
  // at most kMaxRemovedIdentities: they stay out across a restart of the server.
  static constexpr int64_t kMaxRemovedIdentities = 1000;
  virtual StoreResult<std::vector<std::string>> removed_identities(
      const std::string& meeting_id) = 0;

  // Node liveness. record_heartbeat stores `now_ms` as the last time `node_id` was alive.
  virtual StoreResult<void> record_heartbeat(const std::string& node_id, int64_t now_ms) = 0;
  // Start-up recovery after a crash: closes every open session with reason "server_restart"
  // and left_at = the last time `node_id` was known alive (its heartbeat; without one, the
  // meeting's latest recorded join, leave or chat), never before the session's join nor after
  // `now_ms`; live meetings go back to scheduled with ended_at set the same way. Call it once,
  // before serving. Assumes one node owns every session (no multi-node yet).
  virtual StoreResult<RecoveryReport> recover_after_restart(const std::string& node_id,
                                                            int64_t now_ms) = 0;

  // Chat history, oldest first.
  virtual StoreResult<ChatMessage> add_chat_message(ChatMessage m) = 0;
  virtual StoreResult<Page<ChatMessage>> list_chat_messages(const std::string& meeting_id,
                                                            PageRequest page) = 0;

  // Webhooks of a tenant, newest first.
  virtual StoreResult<Webhook> create_webhook(Webhook w) = 0;
  virtual StoreResult<Webhook> get_webhook(const std::string& id) = 0;
  virtual StoreResult<std::vector<Webhook>> list_webhooks(const std::string& tenant_id) = 0;
  virtual StoreResult<void> delete_webhook(const std::string& id) = 0;

  // Deliveries of one webhook, newest first.
  virtual StoreResult<WebhookDelivery> create_delivery(WebhookDelivery d) = 0;
  virtual StoreResult<WebhookDelivery> get_delivery(const std::string& id) = 0;
  // Updates status, attempts, last_status_code, last_error and updated_at.
  virtual StoreResult<void> update_delivery(const WebhookDelivery& d) = 0;
  virtual StoreResult<Page<WebhookDelivery>> list_deliveries(const std::string& webhook_id,
                                                             PageRequest page) = 0;

  // Recordings (issue 14). Newest first. create_recording fails with kConflict when the
  // meeting already has one in state `recording` (at most one capture per meeting).
  virtual StoreResult<Recording> create_recording(Recording r) = 0;
  virtual StoreResult<Recording> get_recording(const std::string& id) = 0;
  virtual StoreResult<Page<Recording>> list_recordings(const std::string& tenant_id,
                                                       PageRequest page) = 0;
  virtual StoreResult<Page<Recording>> list_meeting_recordings(const std::string& meeting_id,
                                                               PageRequest page) = 0;
  // Every recording in `state`, oldest first (start-up recovery; all tenants).
  virtual StoreResult<std::vector<Recording>> list_recordings_in_state(RecordingState state) = 0;
  // Replaces every field but id, tenant_id, meeting_id, room and created_at.
  virtual StoreResult<Recording> update_recording(const Recording& r) = 0;
  virtual StoreResult<void> delete_recording(const std::string& id) = 0;
};

}  // namespace meet::store
