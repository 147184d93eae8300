// Recordings through the REST API on SQLite and PostgreSQL, with the real local-disk
// BlobStore, upload queue and webhook dispatcher; the recorder is a fake that the test drives
// through the Api's RecordingEvents (the capture side is tested in its own suites).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "api/api_harness.hpp"
#include "api/fake_recorder.hpp"
#include "api/webhook_receiver.hpp"
#include "app/auto_recording.hpp"
#include "storage/local_blob_store.hpp"
#include "storage/temp_dir.hpp"

namespace meet::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLinkBase = "http://links.example.test";

template <typename Backend>
class ApiRecordingsTest : public ApiTest<Backend> {
 protected:
  void SetUp() override {
    ApiTest<Backend>::SetUp();
    if (!this->store_) return;
    blobs_ = std::make_unique<storage::LocalBlobStore>(dir_.path(), kLinkBase, "link-secret");
    restart(true);
  }
  void restart(bool with_recorder) {
    auto o = default_test_options();
    o.recording.control = with_recorder ? &recorder_ : nullptr;
    o.recording.blobs = blobs_.get();
    o.recording.dir = dir_.path();
    o.recording.url_secret = "link-secret";
    o.recording.upload = {5ms, 20ms};
    this->start(o);
  }
  api::RecordingEvents& events() { return this->server_->api().recording_events(); }

  std::string make_meeting_with(const TenantKey& t, const std::string& features) {
    auto r = this->call("POST", "/api/v1/meetings", t.key,
                        R"({"title":"Rec","settings":{"features":)" + features + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }
  std::string start_recording(const TenantKey& t, const std::string& meeting) {
    auto r = this->call("POST", "/api/v1/meetings/" + meeting + "/recordings", t.key);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }
  // What the composer leaves: tracks and the MP4 in the capture folder.
  std::filesystem::path compose(const std::string& id, size_t bytes) {
    const auto folder = dir_.path() / id;
    write_pattern_file(folder / "tracks/t1.mkv", 100);
    write_pattern_file(folder / "recording.mp4", bytes);
    return folder / "recording.mp4";
  }
  nlohmann::json wait_state(const TenantKey& t, const std::string& id, const std::string& state) {
    nlohmann::json j;
    for (int i = 0; i < 500; ++i) {
      j = this->call("GET", "/api/v1/recordings/" + id, t.key).json();
      if (j.value("state", "") == state) break;
      std::this_thread::sleep_for(10ms);
    }
    return j;
  }
  // The path and query of a link made for kLinkBase, to fetch from the test server.
  static std::string target_of(const std::string& url) { return url.substr(strlen(kLinkBase)); }

  TempDir dir_;
  std::unique_ptr<storage::LocalBlobStore> blobs_;
  FakeRecorder recorder_;
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(ApiRecordingsTest, Backends, BackendName);

std::vector<std::string> events_of(const WebhookReceiver& r) {
  std::vector<std::string> out;
  for (const auto& h : r.received()) out.push_back(h.event);
  return out;
}

TYPED_TEST(ApiRecordingsTest, RecordsComposesStoresDownloadsAndDeletes) {
  WebhookReceiver receiver(0);
  auto t = this->make_tenant("acme");
  ASSERT_EQ(
      this->call("POST", "/api/v1/webhooks", t.key, nlohmann::json{{"url", receiver.url()}}.dump())
          .status,
      201);
  const std::string meeting = this->make_meeting(t);
  auto started = this->call("POST", "/api/v1/meetings/" + meeting + "/recordings", t.key);
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = started.json()["id"];
  EXPECT_TRUE(id.starts_with("rec_"));
  EXPECT_EQ(started.json()["state"], "recording");
  EXPECT_EQ(started.json()["meeting_id"], meeting);
  ASSERT_EQ(this->recorder_.starts().size(), 1u);
  EXPECT_EQ(this->recorder_.starts()[0], (std::vector<std::string>{id, meeting, meeting}));
  auto again = this->call("POST", "/api/v1/meetings/" + meeting + "/recordings", t.key);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "already_recording");
  this->events().on_started(id);

  auto stopped = this->call("POST", "/api/v1/recordings/" + id + "/stop", t.key);
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(stopped.json()["state"], "processing");
  EXPECT_TRUE(stopped.json()["stopped_at"].is_number());
  EXPECT_EQ(this->recorder_.stops(), std::vector<std::string>{id});
  EXPECT_EQ(this->call("POST", "/api/v1/recordings/" + id + "/stop", t.key).error_code(),
            "not_recording");
  auto early = this->call("GET", "/api/v1/recordings/" + id + "/download", t.key);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.error_code(), "not_ready");
  this->events().on_progress(id, "processing", 0.5);
  auto mid = this->call("GET", "/api/v1/recordings/" + id, t.key).json();
  EXPECT_EQ(mid["progress"]["stage"], "processing");
  EXPECT_EQ(mid["progress"]["fraction"], 0.5);

  const auto mp4 = this->compose(id, 70'000);
  this->events().on_composed(id, mp4, 20'500, {"Alice", "Bob"});
  auto ready = this->wait_state(t, id, "ready");
  ASSERT_EQ(ready["state"], "ready") << ready.dump();
  EXPECT_EQ(ready["duration_ms"], 20'500);
  EXPECT_EQ(ready["size_bytes"], 70'000);
  EXPECT_EQ(ready["participants"], (nlohmann::json{"Alice", "Bob"}));
  EXPECT_TRUE(ready["progress"].is_null());
  // On local disk the MP4 is the blob: it stays, the tracks go.
  EXPECT_TRUE(std::filesystem::exists(mp4));
  EXPECT_FALSE(std::filesystem::exists(this->dir_.path() / id / "tracks"));

  auto link = this->call("GET", "/api/v1/recordings/" + id + "/download?expires_in=2", t.key);
  ASSERT_EQ(link.status, 200) << link.body;
  const std::string url = link.json()["url"];
  EXPECT_TRUE(url.starts_with(std::string(kLinkBase) + "/recordings/" + id + "/recording.mp4?"));
  const int64_t expires_at = link.json().value("expires_at", int64_t{0});
  EXPECT_NEAR(static_cast<double>(expires_at), this->clock_.now_unix_ms() + 2000.0, 1500);
  auto file = this->call("GET", this->target_of(url), "");  // no API key: the link is the key
  ASSERT_EQ(file.status, 200) << file.body.substr(0, 200);
  EXPECT_EQ(file.content_type(), "video/mp4");
  EXPECT_EQ(file.body, read_file(mp4));
  std::string forged = this->target_of(url);
  forged.replace(forged.find(id), id.size(), "rec_other");
  EXPECT_EQ(this->call("GET", forged, "").error_code(), "bad_signature");
  while (this->clock_.now_unix_ms() < expires_at + 50) {
    std::this_thread::sleep_for(50ms);
  }
  auto late = this->call("GET", this->target_of(url), "");
  EXPECT_EQ(late.status, 403);
  EXPECT_EQ(late.error_code(), "link_expired");

  EXPECT_EQ(this->call("GET", "/api/v1/recordings", t.key).json()["total"], 1);
  EXPECT_EQ(this->call("GET", "/api/v1/meetings/" + meeting + "/recordings", t.key).json()["total"],
            1);
  ASSERT_EQ(this->call("DELETE", "/api/v1/recordings/" + id, t.key).status, 204);
  EXPECT_EQ(this->call("GET", "/api/v1/recordings/" + id, t.key).status, 404);
  EXPECT_FALSE(std::filesystem::exists(this->dir_.path() / id));
  EXPECT_EQ(this->call("GET", "/api/v1/recordings", t.key).json()["total"], 0);

  for (int i = 0; i < 500 && receiver.received().size() < 2; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(events_of(receiver),
            (std::vector<std::string>{"recording.started", "recording.ready"}));
  auto body = nlohmann::json::parse(receiver.received()[1].body);
  EXPECT_EQ(body["data"]["recording"]["id"], id);
  EXPECT_EQ(body["data"]["recording"]["state"], "ready");
}

TYPED_TEST(ApiRecordingsTest, ReportsAFailedRecordingAndLetsItBeDeleted) {
  WebhookReceiver receiver(0);
  auto t = this->make_tenant("acme");
  this->call("POST", "/api/v1/webhooks", t.key, nlohmann::json{{"url", receiver.url()}}.dump());
  const std::string id = this->start_recording(t, this->make_meeting(t));
  EXPECT_EQ(this->call("DELETE", "/api/v1/recordings/" + id, t.key).error_code(), "recording_busy");
  this->events().on_failed(id, "compose_failed: ffmpeg exited 1");
  auto j = this->wait_state(t, id, "failed");
  EXPECT_EQ(j["state"], "failed");
  EXPECT_EQ(j["error"], "compose_failed: ffmpeg exited 1");
  for (int i = 0; i < 500 && receiver.received().empty(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(events_of(receiver), std::vector<std::string>{"recording.failed"});
  EXPECT_EQ(this->call("DELETE", "/api/v1/recordings/" + id, t.key).status, 204);
}

TYPED_TEST(ApiRecordingsTest, RefusesMeetingsWithoutTheRecordingFeature) {
  auto t = this->make_tenant("acme");
  const std::string meeting = this->make_meeting_with(t, R"(["chat"])");
  auto r = this->call("POST", "/api/v1/meetings/" + meeting + "/recordings", t.key);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "feature_disabled");
  EXPECT_TRUE(this->recorder_.starts().empty());
  ASSERT_EQ(this->call("POST", "/api/v1/meetings/" + meeting + "/end", t.key).status, 200);
  const std::string ended = this->make_meeting(t);
  this->call("POST", "/api/v1/meetings/" + ended + "/end", t.key);
  EXPECT_EQ(this->call("POST", "/api/v1/meetings/" + ended + "/recordings", t.key).error_code(),
            "meeting_ended");
}

TYPED_TEST(ApiRecordingsTest, PassesOnTheRecordersRefusalAndKeepsNoRow) {
  auto t = this->make_tenant("acme");
  const std::string meeting = this->make_meeting(t);
  this->recorder_.refuse_with("not_live");
  auto r = this->call("POST", "/api/v1/meetings/" + meeting + "/recordings", t.key);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "not_live");
  this->restart(false);  // a server without a recorder
  auto none = this->call("POST", "/api/v1/meetings/" + meeting + "/recordings", t.key);
  EXPECT_EQ(none.status, 503);
  EXPECT_EQ(none.error_code(), "recorder_unavailable");
  EXPECT_EQ(this->call("GET", "/api/v1/meetings/" + meeting + "/recordings", t.key).json()["total"],
            0);
}

TYPED_TEST(ApiRecordingsTest, HidesOtherTenantsRecordingsAndNeedsATenantKey) {
  auto a = this->make_tenant("acme");
  auto b = this->make_tenant("globex");
  const std::string id = this->start_recording(a, this->make_meeting(a));
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/recordings/" + id},
           {"POST", "/api/v1/recordings/" + id + "/stop"},
           {"GET", "/api/v1/recordings/" + id + "/download"},
           {"DELETE", "/api/v1/recordings/" + id}}) {
    auto other = this->call(method, path, b.key);
    EXPECT_EQ(other.status, 404) << method << " " << path;
    EXPECT_EQ(other.error_code(), "not_found");
    EXPECT_EQ(this->call(method, path, "").status, 401) << method << " " << path;
    EXPECT_EQ(this->admin(method, path).status, 403) << method << " " << path;
  }
  EXPECT_EQ(this->call("GET", "/api/v1/recordings", b.key).json()["total"], 0);
  EXPECT_EQ(this->call("GET", "/api/v1/recordings/rec_missing", a.key).status, 404);
  EXPECT_EQ(this->call("GET", "/api/v1/recordings/" + std::string(100, 'x'), a.key).status, 404);
  EXPECT_EQ(this->call("POST", "/api/v1/meetings/mtg_missing/recordings", a.key).status, 404);
  EXPECT_EQ(this->call("GET", "/api/v1/recordings", a.key).json()["items"][0]["id"], id);
}

TYPED_TEST(ApiRecordingsTest, AnswersBadInputWithJsonErrors) {
  auto t = this->make_tenant("acme");
  const std::string id = this->start_recording(t, this->make_meeting(t));
  this->call("POST", "/api/v1/recordings/" + id + "/stop", t.key);
  this->events().on_composed(id, this->compose(id, 10), 1000, {"A"});
  ASSERT_EQ(this->wait_state(t, id, "ready")["state"], "ready");
  for (const char* ttl : {"0", "abc", "-5", "604801", ""}) {
    auto r = this->call("GET", "/api/v1/recordings/" + id + "/download?expires_in=" + ttl, t.key);
    EXPECT_EQ(r.status, 400) << ttl;
    EXPECT_EQ(r.error_code(), "invalid_field") << ttl;
  }
  EXPECT_EQ(this->call("GET", "/api/v1/recordings?limit=0", t.key).error_code(),
            "invalid_pagination");
  for (const char* bad : {"/recordings/", "/recordings/a/b?expires=1&sig=x", "/recordings/a/b",
                          "/recordings/..%2F..%2Fetc/passwd?expires=9999999999&sig=0"}) {
    auto r = this->call("GET", bad, "");
    EXPECT_GE(r.status, 400) << bad;
    EXPECT_LT(r.status, 500) << bad;
  }
}

TYPED_TEST(ApiRecordingsTest, ResumesUploadsAfterARestart) {
  auto t = this->make_tenant("acme");
  const std::string id = this->start_recording(t, this->make_meeting(t));
  this->call("POST", "/api/v1/recordings/" + id + "/stop", t.key);
  // As if the server died after composing and before the upload: the row says processing.
  auto rec = this->store_->get_recording(id);
  ASSERT_TRUE(rec.ok());
  rec->local_path = this->compose(id, 1234).string();
  rec->blob_name = id + "/recording.mp4";
  ASSERT_TRUE(this->store_->update_recording(*rec).ok());
  this->restart(true);
  EXPECT_EQ(this->server_->api().resume_recording_uploads(), 1u);
  auto j = this->wait_state(t, id, "ready");
  EXPECT_EQ(j["state"], "ready");
}

}  // namespace
}  // namespace meet::testing

namespace meet::testing {
namespace {

// The rooms' observer of `meet serve`: a meeting with recording_auto_start is recorded from
// its first participant on, and the recording stops when the last participant has left.
TYPED_TEST(ApiRecordingsTest, RecordsAutomaticallyFromFirstJoinUntilTheRoomEmpties) {
  auto t = this->make_tenant("acme");
  auto r = this->call("POST", "/api/v1/meetings", t.key,
                      R"({"title":"Auto","settings":{"recording_auto_start":true,)"
                      R"("features":["chat","recording"]}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string meeting = r.json()["id"];
  const std::string plain = this->make_meeting_with(t, R"(["recording"])");
  auto& server = *this->server_;
  app::AutoRecording observer(server.api().observer(), server.api(), server.loop());

  server.on_loop([&] {
    observer.on_room_started(plain);
    observer.on_room_started(meeting);
  });
  std::vector<std::vector<std::string>> starts;
  for (int i = 0; i < 500 && starts.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    starts = this->recorder_.starts();
  }
  ASSERT_EQ(starts.size(), 1u);  // the meeting without auto-start is not recorded
  EXPECT_EQ(starts[0][1], meeting);
  const std::string id = starts[0][0];
  this->events().on_started(id);
  EXPECT_EQ(this->call("GET", "/api/v1/recordings/" + id, t.key).json()["state"], "recording");

  server.on_loop([&] {
    observer.on_room_finished(plain);  // nothing recording there: nothing to stop
    observer.on_room_finished(meeting);
  });
  auto stopped = this->wait_state(t, id, "processing");
  EXPECT_EQ(stopped["state"], "processing") << stopped.dump();
  EXPECT_EQ(this->recorder_.stops(), std::vector<std::string>{id});
}

}  // namespace
}  // namespace meet::testing
