#pragma once
// Plain rows the Store reads and writes. Times are unix milliseconds; optional fields are
// NULL in the database. Ids are opaque strings the Store assigns when left empty.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace meet::store {

struct Tenant {
  std::string id;  // "tn_..."
  std::string name;
  int64_t created_at_ms = 0;
};

enum class KeyScope : uint8_t { kAdmin, kTenant };

struct ApiKey {
  std::string id;         // "key_..."
  std::string tenant_id;  // empty for admin keys
  KeyScope scope = KeyScope::kTenant;
  std::string name;
  std::string prefix;       // first characters of the secret, e.g. "mk_ab12cd", to identify it
  std::string secret_hash;  // lower-case hex sha256 of the whole secret; the secret is not kept
  // HMAC-SHA256 key of the join tokens signed with this key (header kid = id); kept as-is
  // because verifying needs it. Empty for admin keys and keys older than migration 3.
  std::string signing_secret;
  int64_t created_at_ms = 0;
  std::optional<int64_t> revoked_at_ms;
  std::optional<int64_t> last_used_at_ms;
};

enum class MeetingStatus : uint8_t { kScheduled, kLive, kEnded };

struct MeetingSettings {
  bool lobby = false;
  int64_t max_participants = 100;
  bool recording_auto_start = false;
  std::vector<std::string> features;  // e.g. "chat", "screen_share", "recording"
};

struct Meeting {
  std::string id;  // "mtg_..."
  std::string tenant_id;
  std::string title;
  std::optional<int64_t> scheduled_start_ms;
  std::optional<int64_t> scheduled_end_ms;
  MeetingSettings settings;
  MeetingStatus status = MeetingStatus::kScheduled;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> started_at_ms;
  std::optional<int64_t> ended_at_ms;
};

struct ParticipantSession {
  std::string id;  // "ps_..."
  std::string meeting_id;
  std::string participant_id;  // the engine's id, e.g. "p_3f9a"
  std::string identity;
  std::string name;
  int64_t joined_at_ms = 0;
  std::optional<int64_t> left_at_ms;
  std::optional<std::string> leave_reason;
};

struct ChatMessage {
  std::string id;  // "msg_..."
  std::string meeting_id;
  std::string sender_identity;
  std::string sender_name;
  std::string text;
  int64_t sent_at_ms = 0;
};

struct Webhook {
  std::string id;  // "wh_..."
  std::string tenant_id;
  std::string url;
  std::string secret;               // signing secret; kept in clear because it signs deliveries
  std::vector<std::string> events;  // subscribed event names; empty means all
  int64_t created_at_ms = 0;
};

enum class DeliveryStatus : uint8_t { kPending, kSucceeded, kFailed };

struct WebhookDelivery {
  std::string id;  // "dl_..."
  std::string webhook_id;
  std::string event;
  std::string payload;  // the exact JSON body sent
  DeliveryStatus status = DeliveryStatus::kPending;
  int64_t attempts = 0;
  std::optional<int64_t> last_status_code;
  std::optional<std::string> last_error;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// What start-up recovery closed: sessions as stored after closing, meetings no longer live.
struct RecoveryReport {
  std::vector<ParticipantSession> closed_sessions;
  std::vector<Meeting> finished_meetings;
};

// One page of a list, newest first unless the call says otherwise.
struct PageRequest {
  int64_t offset = 0;
  int64_t limit = 50;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;  // rows matching, ignoring offset and limit
};

const char* to_string(KeyScope s);
const char* to_string(MeetingStatus s);
const char* to_string(DeliveryStatus s);
std::optional<KeyScope> key_scope_from(const std::string& s);
std::optional<MeetingStatus> meeting_status_from(const std::string& s);
std::optional<DeliveryStatus> delivery_status_from(const std::string& s);

}  // namespace meet::store
