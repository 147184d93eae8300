// One suite, two backends: every Store behaviour runs on SQLite and on a real PostgreSQL.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/store_backends.hpp"

namespace meet::store {
namespace {

template <typename Backend>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { backend_.open(store_); }
  Store& s() { return *store_; }

  Tenant tenant(const std::string& name, int64_t at = 1000) {
    auto t = s().create_tenant(Tenant{"", name, at});
    EXPECT_TRUE(t.ok());
    return t.ok() ? t.value() : Tenant{};
  }
  Meeting meeting(const std::string& tenant_id, const std::string& title, int64_t at = 2000) {
    Meeting m;
    m.tenant_id = tenant_id;
    m.title = title;
    m.created_at_ms = m.updated_at_ms = at;
    auto r = s().create_meeting(m);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : Meeting{};
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<testing::SqliteBackend, testing::PostgresBackend>;
TYPED_TEST_SUITE(StoreTest, Backends, testing::BackendName);

TYPED_TEST(StoreTest, CreatesGetsAndListsTenantsNewestFirst) {
  auto a = this->tenant("acme", 1000);
  auto b = this->tenant("globex", 2000);
  EXPECT_TRUE(a.id.starts_with("tn_"));
  auto got = this->s().get_tenant(a.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "acme");
  EXPECT_EQ(got->created_at_ms, 1000);
  auto page = this->s().list_tenants({0, 1});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, b.id);
  auto second = this->s().list_tenants({1, 10});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, a.id);
}

TYPED_TEST(StoreTest, ReportsMissingRowsAsNotFound) {
  EXPECT_EQ(this->s().get_tenant("tn_nope").error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().delete_tenant("tn_nope").error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().get_meeting("mtg_nope").error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().delete_meeting("mtg_nope").error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().get_webhook("wh_nope").error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().find_api_key_by_hash("00").error().code, StoreErrorCode::kNotFound);
  Meeting m;
  m.id = "mtg_nope";
  EXPECT_EQ(this->s().update_meeting(m).error().code, StoreErrorCode::kNotFound);
}

TYPED_TEST(StoreTest, RefusesDuplicateIdsAndDanglingTenantsAsConflict) {
  auto t = this->tenant("acme");
  EXPECT_EQ(this->s().create_tenant(Tenant{t.id, "again", 1}).error().code,
            StoreErrorCode::kConflict);
  Meeting orphan;
  orphan.tenant_id = "tn_missing";
  orphan.title = "x";
  EXPECT_EQ(this->s().create_meeting(orphan).error().code, StoreErrorCode::kConflict);
}

TYPED_TEST(StoreTest, KeepsOnlyKeyHashesAndFindsKeysByHash) {
  auto t = this->tenant("acme");
  ApiKey k{"", t.id, KeyScope::kTenant, "ci", "mk_ab12cd", std::string(64, 'a'), "", 10, {}, {}};
  auto created = this->s().create_api_key(k);
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto found = this->s().find_api_key_by_hash(std::string(64, 'a'));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->tenant_id, t.id);
  EXPECT_EQ(found->prefix, "mk_ab12cd");
  EXPECT_EQ(found->scope, KeyScope::kTenant);
  EXPECT_FALSE(found->revoked_at_ms);
  EXPECT_FALSE(found->last_used_at_ms);
  k.id.clear();
  EXPECT_EQ(this->s().create_api_key(k).error().code, StoreErrorCode::kConflict);

  ASSERT_TRUE(this->s().touch_api_key(created->id, 55).ok());
  EXPECT_EQ(this->s().find_api_key_by_hash(std::string(64, 'a'))->last_used_at_ms, 55);
}

TYPED_TEST(StoreTest, ListsAdminKeysApartFromTenantKeys) {
  auto t = this->tenant("acme");
  ASSERT_TRUE(
      this->s()
          .create_api_key({"", "", KeyScope::kAdmin, "admin", "mk_admin", "h1", "", 1, {}, {}})
          .ok());
  ASSERT_TRUE(this->s()
                  .create_api_key({"", t.id, KeyScope::kTenant, "a", "mk_1", "h2", "", 2, {}, {}})
                  .ok());
  ASSERT_TRUE(this->s()
                  .create_api_key({"", t.id, KeyScope::kTenant, "b", "mk_2", "h3", "", 3, {}, {}})
                  .ok());
  auto admin = this->s().list_api_keys("");
  ASSERT_TRUE(admin.ok());
  ASSERT_EQ(admin->size(), 1u);
  EXPECT_EQ((*admin)[0].scope, KeyScope::kAdmin);
  EXPECT_TRUE((*admin)[0].tenant_id.empty());
  auto tenant_keys = this->s().list_api_keys(t.id);
  ASSERT_TRUE(tenant_keys.ok());
  ASSERT_EQ(tenant_keys->size(), 2u);
  EXPECT_EQ((*tenant_keys)[0].name, "b");
}

TYPED_TEST(StoreTest, RevokesOnlyWithinTheOwningTenant) {
  auto a = this->tenant("a");
  auto b = this->tenant("b");
  auto k = this->s().create_api_key({"", a.id, KeyScope::kTenant, "k", "mk_1", "h", "", 1, {}, {}});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(this->s().revoke_api_key(b.id, k->id, 5).error().code, StoreErrorCode::kNotFound);
  auto revoked = this->s().revoke_api_key(a.id, k->id, 5);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->revoked_at_ms, 5);
  // Revoking again keeps the first time.
  EXPECT_EQ(this->s().revoke_api_key(a.id, k->id, 9)->revoked_at_ms, 5);
  EXPECT_EQ(this->s().find_api_key_by_hash("h")->revoked_at_ms, 5);
}

TYPED_TEST(StoreTest, RoundTripsEveryMeetingField) {
  auto t = this->tenant("acme");
  Meeting m;
  m.tenant_id = t.id;
  m.title = "Weekly";
  m.scheduled_start_ms = 1'700'000'000'000;
  m.scheduled_end_ms = 1'700'000'360'000;
  m.settings = {true, 12, true, {"chat", "screen_share"}};
  m.created_at_ms = m.updated_at_ms = 7;
  auto created = this->s().create_meeting(m);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->id.starts_with("mtg_"));
  auto got = this->s().get_meeting(created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->tenant_id, t.id);
  EXPECT_EQ(got->scheduled_start_ms, m.scheduled_start_ms);
  EXPECT_EQ(got->scheduled_end_ms, m.scheduled_end_ms);
  EXPECT_TRUE(got->settings.lobby);
  EXPECT_EQ(got->settings.max_participants, 12);
  EXPECT_TRUE(got->settings.recording_auto_start);
  EXPECT_EQ(got->settings.features, (std::vector<std::string>{"chat", "screen_share"}));
  EXPECT_EQ(got->status, MeetingStatus::kScheduled);
  EXPECT_FALSE(got->started_at_ms);

  got->title = "Renamed";
  got->status = MeetingStatus::kEnded;
  got->started_at_ms = 10;
  got->ended_at_ms = 20;
  got->scheduled_start_ms.reset();
  got->settings.features.clear();
  got->updated_at_ms = 30;
  auto updated = this->s().update_meeting(*got);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->title, "Renamed");
  EXPECT_EQ(updated->status, MeetingStatus::kEnded);
  EXPECT_EQ(updated->ended_at_ms, 20);
  EXPECT_FALSE(updated->scheduled_start_ms);
  EXPECT_TRUE(updated->settings.features.empty());
  EXPECT_EQ(updated->created_at_ms, 7);
  EXPECT_EQ(updated->updated_at_ms, 30);
}

TYPED_TEST(StoreTest, StoresSqlMetacharactersAndUnicodeVerbatim) {
  const std::vector<std::string> titles = {"Robert'); DROP TABLE meetings;--", "a\"b\\c%_$1?",
                                           "日本語 ✓ 🎥", "' OR '1'='1"};
  auto t = this->tenant("x'; DELETE FROM tenants; --");
  for (const auto& title : titles) {
    auto m = this->meeting(t.id, title);
    EXPECT_EQ(this->s().get_meeting(m.id)->title, title);
  }
  EXPECT_EQ(this->s().list_meetings(t.id, {0, 100})->total, 4);
  EXPECT_EQ(this->s().get_tenant(t.id)->name, "x'; DELETE FROM tenants; --");
}

TYPED_TEST(StoreTest, PagesMeetingsPerTenant) {
  auto a = this->tenant("a");
  auto b = this->tenant("b");
  for (int i = 0; i < 5; ++i) this->meeting(a.id, "a" + std::to_string(i), 100 + i);
  this->meeting(b.id, "b0");
  auto page = this->s().list_meetings(a.id, {1, 2});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "a3");
  EXPECT_EQ(page->items[1].title, "a2");
  EXPECT_TRUE(this->s().list_meetings(a.id, {100, 10})->items.empty());
  EXPECT_EQ(this->s().list_meetings(b.id, {0, 10})->total, 1);
}

TYPED_TEST(StoreTest, DeletingATenantDeletesEverythingBelowIt) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "m");
  ASSERT_TRUE(this->s()
                  .create_api_key({"", t.id, KeyScope::kTenant, "k", "mk_1", "h", "", 1, {}, {}})
                  .ok());
  auto w = this->s().create_webhook({"", t.id, "http://x/", "sec", {}, 1});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_1", "ann", "Ann", 5, {}, {}}).ok());
  ASSERT_TRUE(this->s().delete_tenant(t.id).ok());
  EXPECT_EQ(this->s().get_meeting(m.id).error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().find_api_key_by_hash("h").error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().get_webhook(w->id).error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().list_sessions(m.id, {0, 10})->total, 0);
}

TYPED_TEST(StoreTest, OpensAndClosesParticipantSessions) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "m");
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_1", "ann", "Ann", 5, {}, {}}).ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_2", "bob", "Bob", 6, {}, {}}).ok());
  ASSERT_TRUE(this->s().close_session(m.id, "p_1", 50, "left").ok());
  EXPECT_EQ(this->s().close_session(m.id, "p_1", 60, "left").error().code,
            StoreErrorCode::kNotFound);
  auto page = this->s().list_sessions(m.id, {0, 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].participant_id, "p_1");
  EXPECT_EQ(page->items[0].left_at_ms, 50);
  EXPECT_EQ(page->items[0].leave_reason, "left");
  EXPECT_FALSE(page->items[1].left_at_ms);
}

TYPED_TEST(StoreTest, RemembersWhoAModeratorRemoved) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "m");
  auto other = this->meeting(t.id, "other");
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_1", "mal", "Mal", 5, {}, {}}).ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_2", "bob", "Bob", 6, {}, {}}).ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_3", "mal", "Mal", 7, {}, {}}).ok());
  ASSERT_TRUE(this->s().add_session({"", other.id, "p_4", "eve", "Eve", 8, {}, {}}).ok());
  ASSERT_TRUE(this->s().close_session(m.id, "p_1", 50, "removed").ok());
  ASSERT_TRUE(this->s().close_session(m.id, "p_2", 50, "left").ok());
  ASSERT_TRUE(this->s().close_session(m.id, "p_3", 60, "removed").ok());
  ASSERT_TRUE(this->s().close_session(other.id, "p_4", 60, "removed").ok());
  auto removed = this->s().removed_identities(m.id);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(*removed, (std::vector<std::string>{"mal"}));
  EXPECT_TRUE(this->s().removed_identities("mtg_none")->empty());
}

TYPED_TEST(StoreTest, ClosesSessionsACrashLeftOpenAtTheLastHeartbeat) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "m");
  m.status = MeetingStatus::kLive;
  m.started_at_ms = 1'700'000'000'100;
  ASSERT_TRUE(this->s().update_meeting(m).ok());
  // Millisecond times survive as they are.
  ASSERT_TRUE(
      this->s().add_session({"", m.id, "p_1", "ann", "Ann", 1'700'000'000'123, {}, {}}).ok());
  ASSERT_TRUE(
      this->s().add_session({"", m.id, "p_2", "bob", "Bob", 1'700'000'000'456, {}, {}}).ok());
  ASSERT_TRUE(this->s().close_session(m.id, "p_2", 1'700'000'001'000, "left").ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_3", "cy", "Cy", 1'700'000'002'000, {}, {}}).ok());
  ASSERT_TRUE(this->s().record_heartbeat("local", 1'700'000'005'000).ok());
  ASSERT_TRUE(this->s().record_heartbeat("local", 1'700'000'009'999).ok());

  // The process dies here; the next start opens the same database.
  this->backend_.reopen(this->store_);
  ASSERT_TRUE(this->store_);
  auto report = this->s().recover_after_restart("local", 1'700'000'060'000);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->closed_sessions.size(), 2u);
  EXPECT_EQ(report->closed_sessions[0].participant_id, "p_1");
  EXPECT_EQ(report->closed_sessions[1].participant_id, "p_3");
  ASSERT_EQ(report->finished_meetings.size(), 1u);
  EXPECT_EQ(report->finished_meetings[0].id, m.id);

  auto page = this->s().list_sessions(m.id, {0, 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].joined_at_ms, 1'700'000'000'123);
  EXPECT_EQ(page->items[0].left_at_ms, 1'700'000'009'999);
  EXPECT_EQ(page->items[0].leave_reason, "server_restart");
  EXPECT_EQ(page->items[1].left_at_ms, 1'700'000'001'000);  // closed before: untouched
  EXPECT_EQ(page->items[1].leave_reason, "left");
  EXPECT_EQ(page->items[2].left_at_ms, 1'700'000'009'999);
  EXPECT_EQ(page->items[2].leave_reason, "server_restart");
  auto after = this->s().get_meeting(m.id);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->status, MeetingStatus::kLive);
  EXPECT_EQ(after->ended_at_ms, 1'700'000'009'999);

  // A second start finds nothing left to close.
  auto again = this->s().recover_after_restart("local", 1'700'000'070'000);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->closed_sessions.empty());
  EXPECT_TRUE(again->finished_meetings.empty());
}

TYPED_TEST(StoreTest, WithoutAHeartbeatClosesSessionsAtTheLatestActivity) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "m");
  m.status = MeetingStatus::kLive;
  m.started_at_ms = 100;
  ASSERT_TRUE(this->s().update_meeting(m).ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_1", "ann", "Ann", 200, {}, {}}).ok());
  ASSERT_TRUE(this->s().add_session({"", m.id, "p_2", "bob", "Bob", 300, {}, {}}).ok());
  ASSERT_TRUE(this->s().add_chat_message({"", m.id, "ann", "Ann", "hi", 450}).ok());
  this->backend_.reopen(this->store_);
  ASSERT_TRUE(this->store_);
  auto report = this->s().recover_after_restart("local", 10'000);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->closed_sessions.size(), 2u);
  EXPECT_EQ(report->closed_sessions[0].left_at_ms, 450);
  EXPECT_EQ(report->closed_sessions[1].left_at_ms, 450);
  auto after = this->s().get_meeting(m.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, MeetingStatus::kScheduled);
  EXPECT_EQ(after->ended_at_ms, 450);
}

TYPED_TEST(StoreTest, KeepsChatHistoryInOrder) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "m");
  ASSERT_TRUE(this->s().add_chat_message({"", m.id, "ann", "Ann", "hello", 2}).ok());
  ASSERT_TRUE(this->s().add_chat_message({"", m.id, "bob", "Bob", "hi 👋", 3}).ok());
  auto page = this->s().list_chat_messages(m.id, {0, 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].text, "hello");
  EXPECT_EQ(page->items[1].text, "hi 👋");
  EXPECT_EQ(page->items[1].sender_name, "Bob");
}

TYPED_TEST(StoreTest, RecordsWebhookDeliveries) {
  auto t = this->tenant("acme");
  auto w = this->s().create_webhook(
      {"", t.id, "https://example.test/hook", "s3cret", {"meeting.started"}, 1});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(this->s().list_webhooks(t.id)->size(), 1u);
  EXPECT_EQ(this->s().get_webhook(w->id)->events, std::vector<std::string>{"meeting.started"});
  WebhookDelivery d;
  d.webhook_id = w->id;
  d.event = "meeting.started";
  d.payload = R"({"event":"meeting.started"})";
  d.created_at_ms = d.updated_at_ms = 10;
  auto created = this->s().create_delivery(d);
  ASSERT_TRUE(created.ok());
  created->status = DeliveryStatus::kSucceeded;
  created->attempts = 3;
  created->last_status_code = 200;
  created->last_error = "";
  created->updated_at_ms = 99;
  ASSERT_TRUE(this->s().update_delivery(*created).ok());
  auto got = this->s().get_delivery(created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, DeliveryStatus::kSucceeded);
  EXPECT_EQ(got->attempts, 3);
  EXPECT_EQ(got->last_status_code, 200);
  EXPECT_EQ(got->payload, d.payload);
  EXPECT_EQ(this->s().list_deliveries(w->id, {0, 10})->total, 1);
  ASSERT_TRUE(this->s().delete_webhook(w->id).ok());
  EXPECT_EQ(this->s().get_delivery(created->id).error().code, StoreErrorCode::kNotFound);
}

TYPED_TEST(StoreTest, KeepsRecordingsThroughTheirStates) {
  auto t = this->tenant("acme");
  auto m = this->meeting(t.id, "standup");
  Recording r;
  r.tenant_id = t.id;
  r.meeting_id = m.id;
  r.room = m.id;
  r.started_at_ms = r.created_at_ms = 5000;
  auto created = this->s().create_recording(r);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(created->id.starts_with("rec_"));
  // One capture per meeting at a time.
  Recording second = r;
  second.created_at_ms = 6000;
  EXPECT_EQ(this->s().create_recording(second).error().code, StoreErrorCode::kConflict);

  Recording done = *created;
  done.state = RecordingState::kProcessing;
  done.stopped_at_ms = 9000;
  done.participants = {"Alice", "Zoë 佐藤"};
  done.local_path = "/data/recordings/x/recording.mp4";
  auto updated = this->s().update_recording(done);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->state, RecordingState::kProcessing);
  EXPECT_EQ(updated->participants, done.participants);
  EXPECT_EQ(updated->stopped_at_ms, 9000);
  EXPECT_FALSE(updated->duration_ms.has_value());
  // Once it stopped, the meeting may record again.
  second.created_at_ms = 7000;
  auto again = this->s().create_recording(second);
  ASSERT_TRUE(again.ok()) << again.error().message;

  auto processing = this->s().list_recordings_in_state(RecordingState::kProcessing);
  ASSERT_TRUE(processing.ok());
  ASSERT_EQ(processing->size(), 1u);
  EXPECT_EQ((*processing)[0].local_path, done.local_path);

  auto by_meeting = this->s().list_meeting_recordings(m.id, {0, 10});
  ASSERT_TRUE(by_meeting.ok());
  EXPECT_EQ(by_meeting->total, 2);
  ASSERT_EQ(by_meeting->items.size(), 2u);
  EXPECT_EQ(by_meeting->items[0].id, again->id);  // newest first
  auto other = this->tenant("globex");
  EXPECT_EQ(this->s().list_recordings(other.id, {0, 10})->total, 0);
  EXPECT_EQ(this->s().list_recordings(t.id, {1, 10})->items.size(), 1u);

  ASSERT_TRUE(this->s().delete_recording(created->id).ok());
  EXPECT_EQ(this->s().get_recording(created->id).error().code, StoreErrorCode::kNotFound);
  EXPECT_EQ(this->s().delete_recording(created->id).error().code, StoreErrorCode::kNotFound);
  Recording missing;
  missing.id = "rec_nope";
  EXPECT_EQ(this->s().update_recording(missing).error().code, StoreErrorCode::kNotFound);
  // A recording outlives its meeting, not its tenant.
  ASSERT_TRUE(this->s().delete_meeting(m.id).ok());
  EXPECT_TRUE(this->s().get_recording(again->id).ok());
  ASSERT_TRUE(this->s().delete_tenant(t.id).ok());
  EXPECT_EQ(this->s().get_recording(again->id).error().code, StoreErrorCode::kNotFound);
}

TYPED_TEST(StoreTest, SerializesCallsFromManyThreads) {
  auto t = this->tenant("acme");
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 25; ++j) {
        Meeting m;
        m.tenant_id = t.id;
        m.title = std::to_string(i) + "-" + std::to_string(j);
        EXPECT_TRUE(this->s().create_meeting(m).ok());
        EXPECT_TRUE(this->s().list_meetings(t.id, {0, 5}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(this->s().list_meetings(t.id, {0, 1})->total, 100);
}

}  // namespace
}  // namespace meet::store
