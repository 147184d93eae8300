// Meetings, tokens, live participants, the room observer and the system routes, on SQLite
// and PostgreSQL, through real HTTP.
#include <gtest/gtest.h>

#include "api/api_harness.hpp"
#include "common/jwt.hpp"

namespace meet::testing {
namespace {

template <typename Backend>
class ApiMeetingsTest : public ApiTest<Backend> {};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(ApiMeetingsTest, Backends, BackendName);

engine::ParticipantInfo participant(const std::string& id, const std::string& identity) {
  return {id,
          identity,
          "Name " + identity,
          1'700'000'000'000,
          {{"t_a" + id, "audio", "microphone", false}, {"t_v" + id, "video", "camera", false}}};
}

TYPED_TEST(ApiMeetingsTest, CreatesReadsListsAndUpdatesMeetings) {
  auto t = this->make_tenant("acme");
  auto created = this->call("POST", "/api/v1/meetings", t.key,
                            R"({"title":"Weekly","scheduled_start":1800000000000,
                                "settings":{"lobby":true,"max_participants":5,
                                            "features":["chat"]}})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto m = created.json();
  EXPECT_EQ(m["title"], "Weekly");
  EXPECT_EQ(m["status"], "scheduled");
  EXPECT_EQ(m["scheduled_start"], 1800000000000);
  EXPECT_TRUE(m["scheduled_end"].is_null());
  EXPECT_EQ(m["settings"]["max_participants"], 5);
  EXPECT_EQ(m["settings"]["lobby"], true);
  const std::string id = m["id"];

  EXPECT_EQ(this->call("GET", "/api/v1/meetings/" + id, t.key).json(), m);
  this->make_meeting(t, "second");
  this->make_meeting(t, "third");
  auto page = this->call("GET", "/api/v1/meetings?limit=2&offset=1", t.key).json();
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(page["offset"], 1);
  EXPECT_EQ(page["items"].size(), 2u);

  auto patched = this->call("PATCH", "/api/v1/meetings/" + id, t.key,
                            R"({"title":"Renamed","scheduled_start":null,
                                "settings":{"max_participants":9}})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["title"], "Renamed");
  EXPECT_TRUE(patched.json()["scheduled_start"].is_null());
  EXPECT_EQ(patched.json()["settings"]["max_participants"], 9);
  EXPECT_EQ(patched.json()["settings"]["lobby"], true) << "absent fields keep their value";

  EXPECT_EQ(this->call("DELETE", "/api/v1/meetings/" + id, t.key).status, 204);
  EXPECT_EQ(this->call("GET", "/api/v1/meetings/" + id, t.key).status, 404);
}

TYPED_TEST(ApiMeetingsTest, MintsJoinTokensWithGrantsByRole) {
  auto t = this->make_tenant("acme");
  const std::string id = this->make_meeting(t);
  auto host = this->call("POST", "/api/v1/meetings/" + id + "/tokens", t.key,
                         R"({"identity":"ann","name":"Ann","role":"host","ttl":600})");
  ASSERT_EQ(host.status, 201) << host.body;
  const std::string token = host.json()["token"];
  EXPECT_EQ(host.json()["join_url"], "https://meet.example.test/?token=" + token);
  const int64_t now = this->clock_.now_unix_seconds();
  EXPECT_NEAR(host.json()["expires_at"].template get<double>(), (now + 600) * 1000.0, 5000);
  auto secret = [](std::string_view) { return std::optional<std::string>(kTokenSecret); };
  auto claims = verify_join_token(token, secret, now);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->room, id);
  EXPECT_EQ(claims->identity, "ann");
  EXPECT_EQ(claims->name, "Ann");
  EXPECT_EQ(claims->issuer, t.tenant_id);
  EXPECT_EQ(claims->grants, (Grants{true, true, true, true, true}));

  auto guest =
      this->call("POST", "/api/v1/meetings/" + id + "/tokens", t.key, R"({"identity":"bob"})");
  ASSERT_EQ(guest.status, 201);
  auto gclaims = verify_join_token(guest.json()["token"].template get<std::string>(), secret, now);
  ASSERT_TRUE(gclaims.ok());
  EXPECT_EQ(gclaims->grants, (Grants{true, true, true, false, false}));
  EXPECT_EQ(gclaims->expires_at - now, 3600);
  EXPECT_EQ(verify_join_token(token, secret, now + 601).error(), TokenError::kExpired);
}

TYPED_TEST(ApiMeetingsTest, ListsMutesAndRemovesLiveParticipants) {
  auto t = this->make_tenant("acme");
  const std::string id = this->make_meeting(t);
  this->rooms_.add(id, participant("p_1", "ann"));
  this->rooms_.add(id, participant("p_2", "bob"));
  const std::string base = "/api/v1/meetings/" + id + "/participants";
  auto list = this->call("GET", base, t.key);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["items"].size(), 2u);
  EXPECT_EQ(list.json()["items"][0]["tracks"][1]["kind"], "video");

  auto mute = this->call("POST", base + "/p_1/mute", t.key, "{}");
  ASSERT_EQ(mute.status, 200) << mute.body;
  EXPECT_EQ(mute.json()["tracks"], nlohmann::json::array({"t_ap_1"}));
  auto after = this->call("GET", base, t.key).json()["items"][0]["tracks"];
  EXPECT_EQ(after[0]["muted"], true);
  EXPECT_EQ(after[1]["muted"], false) << "only audio without track_id";
  EXPECT_EQ(
      this->call("POST", base + "/p_1/mute", t.key, R"({"track_id":"t_vp_1","muted":true})").status,
      200);
  // Unmuting is the participant's act: the API only asks, and the track stays muted.
  auto ask = this->call("POST", base + "/p_1/mute", t.key, R"({"muted":false})");
  ASSERT_EQ(ask.status, 202) << ask.body;
  EXPECT_EQ(ask.json()["unmute_requested"], true);
  EXPECT_EQ(ask.json()["tracks"], nlohmann::json::array({"t_ap_1"}));
  EXPECT_EQ(this->call("GET", base, t.key).json()["items"][0]["tracks"][0]["muted"], true);
  EXPECT_EQ(this->rooms_.unmute_requests, std::vector<std::string>{"t_ap_1"});
  EXPECT_EQ(this->call("POST", base + "/p_1/mute", t.key, R"({"track_id":"t_nope"})").status, 404);
  EXPECT_EQ(this->call("POST", base + "/p_9/mute", t.key, "{}").status, 404);

  EXPECT_EQ(this->call("DELETE", base + "/p_2", t.key).status, 204);
  EXPECT_EQ(this->call("DELETE", base + "/p_2", t.key).status, 404);
  EXPECT_EQ(this->call("GET", base, t.key).json()["total"], 1);
}

TYPED_TEST(ApiMeetingsTest, ObserverKeepsStatusAndSessions) {
  auto t = this->make_tenant("acme");
  const std::string id = this->make_meeting(t);
  auto& obs = this->server_->api().observer();
  this->server_->on_loop([&] {
    obs.on_room_started(id);
    obs.on_participant_joined(id, participant("p_1", "ann"));
    obs.on_participant_joined("not-a-meeting", participant("p_x", "x"));  // ignored
  });
  auto m = this->call("GET", "/api/v1/meetings/" + id, t.key).json();
  EXPECT_EQ(m["status"], "live");
  EXPECT_FALSE(m["started_at"].is_null());
  this->server_->on_loop([&] {
    obs.on_participant_left(id, participant("p_1", "ann"), engine::DisconnectReason::kRemoved);
    obs.on_room_finished(id);
  });
  auto sessions = this->call("GET", "/api/v1/meetings/" + id + "/sessions", t.key).json();
  ASSERT_EQ(sessions["total"], 1);
  EXPECT_EQ(sessions["items"][0]["identity"], "ann");
  EXPECT_EQ(sessions["items"][0]["leave_reason"], "removed");
  EXPECT_FALSE(sessions["items"][0]["left_at"].is_null());
  EXPECT_EQ(this->call("GET", "/api/v1/meetings/" + id, t.key).json()["status"], "scheduled");
}

TYPED_TEST(ApiMeetingsTest, MeetingsHaveEveryFeatureUnlessTheyListThem) {
  auto t = this->make_tenant("acme");
  auto all = this->call("POST", "/api/v1/meetings", t.key, R"({"title":"Open"})").json();
  EXPECT_EQ(all["settings"]["features"],
            nlohmann::json({"chat", "raise_hand", "reactions", "recording", "screen_share"}));
  auto none = this->call("POST", "/api/v1/meetings", t.key,
                         R"({"title":"Quiet","settings":{"features":[]}})")
                  .json();
  EXPECT_EQ(none["settings"]["features"], nlohmann::json::array());
  auto& api = this->server_->api();
  ASSERT_TRUE(api.meeting_settings(none["id"]));
  EXPECT_TRUE(api.meeting_settings(none["id"])->features.empty());
  EXPECT_EQ(api.meeting_settings(all["id"])->features.size(), 5u);
  EXPECT_FALSE(api.meeting_settings("mtg_missing"));
}

TYPED_TEST(ApiMeetingsTest, ChatSentInAMeetingIsListedInOrder) {
  auto t = this->make_tenant("acme");
  const std::string id = this->make_meeting(t);
  this->server_->on_loop([&] {
    this->server_->api().record_chat({"msg_1", id, "ann", "Ann", "hello 'all'; --", 1000});
    this->server_->api().record_chat({"msg_2", id, "bob", "Bob", "h\xc3\xa9", 2000});
    this->server_->api().record_chat({"msg_3", "mtg_gone", "x", "X", "lost", 3000});  // logged
  });
  auto page = this->call("GET", "/api/v1/meetings/" + id + "/chat?limit=1&offset=1", t.key);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["total"], 2);
  ASSERT_EQ(page.json()["items"].size(), 1u);
  EXPECT_EQ(page.json()["items"][0], nlohmann::json({{"id", "msg_2"},
                                                     {"identity", "bob"},
                                                     {"name", "Bob"},
                                                     {"text", "h\xc3\xa9"},
                                                     {"sent_at", 2000}}));
  auto first = this->call("GET", "/api/v1/meetings/" + id + "/chat", t.key).json();
  EXPECT_EQ(first["items"][0]["text"], "hello 'all'; --");
  auto other = this->make_tenant("other");
  EXPECT_EQ(this->call("GET", "/api/v1/meetings/" + id + "/chat", other.key).status, 404);
}

TYPED_TEST(ApiMeetingsTest, EndingDisconnectsEveryoneAndClosesTheMeeting) {
  auto t = this->make_tenant("acme");
  const std::string id = this->make_meeting(t);
  auto& api = this->server_->api();
  this->call("PATCH", "/api/v1/meetings/" + id, t.key, R"({"settings":{"max_participants":2}})");
  this->server_->on_loop([&] {
    EXPECT_EQ(api.admission_error(id, t.tenant_id, 1), std::nullopt);
    EXPECT_EQ(api.admission_error(id, t.tenant_id, 2), "room_full");
    EXPECT_EQ(api.admission_error("mtg_unknown", t.tenant_id, 0), "room_closed");
    EXPECT_EQ(api.admission_error(id, "tn_other", 0), "invalid_token") << "another tenant's";
  });
  this->rooms_.add(id, participant("p_1", "ann"));
  auto ended = this->call("POST", "/api/v1/meetings/" + id + "/end", t.key);
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["status"], "ended");
  EXPECT_EQ(ended.json()["disconnected"], 1);
  EXPECT_EQ(this->rooms_.ended_rooms().count(id), 1u);
  auto token =
      this->call("POST", "/api/v1/meetings/" + id + "/tokens", t.key, R"({"identity":"late"})");
  EXPECT_EQ(token.status, 409);
  EXPECT_EQ(token.error_code(), "meeting_ended");
  this->server_->on_loop(
      [&] { EXPECT_EQ(api.admission_error(id, t.tenant_id, 0), "room_closed"); });
  EXPECT_EQ(this->call("POST", "/api/v1/meetings/" + id + "/end", t.key).status, 200);
}

TYPED_TEST(ApiMeetingsTest, HandsOutStunAndTimeLimitedTurnCredentials) {
  auto t = this->make_tenant("acme");
  auto r = this->call("GET", "/api/v1/ice-servers?identity=ann", t.key);
  ASSERT_EQ(r.status, 200) << r.body;
  auto servers = r.json()["ice_servers"];
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0]["urls"][0], "stun:stun.example.test:3478");
  const std::string user = servers[1]["username"];
  EXPECT_TRUE(user.ends_with(":ann"));
  const int64_t expiry = std::stoll(user.substr(0, user.find(':')));
  EXPECT_NEAR(static_cast<double>(expiry), this->clock_.now_unix_seconds() + 3600.0, 5);
  EXPECT_FALSE(servers[1]["credential"].template get<std::string>().empty());
}

TYPED_TEST(ApiMeetingsTest, ServesHealthMetricsAndOpenApi) {
  auto t = this->make_tenant("acme");
  this->call("GET", "/api/v1/meetings", t.key);
  auto health = this->call("GET", "/healthz", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  auto metrics = this->call("GET", "/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(
                R"(meet_api_requests_total{method="GET",route="/api/v1/meetings",status="200"} 1)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("meet_api_request_duration_seconds_bucket"), std::string::npos);
  auto doc = this->call("GET", "/api/v1/openapi.json", "");
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json()["openapi"], "3.0.3");
}

TYPED_TEST(ApiMeetingsTest, DeletingATenantEndsItsLiveMeetings) {
  auto t = this->make_tenant("acme");
  const std::string id = this->make_meeting(t);
  this->server_->on_loop([&] { this->server_->api().observer().on_room_started(id); });
  EXPECT_EQ(this->admin("DELETE", "/api/v1/tenants/" + t.tenant_id).status, 204);
  EXPECT_EQ(this->rooms_.ended_rooms().count(id), 1u);
  EXPECT_EQ(this->call("GET", "/api/v1/meetings", t.key).status, 401);
  EXPECT_EQ(this->admin("GET", "/api/v1/tenants/" + t.tenant_id).status, 404);
}

}  // namespace
}  // namespace meet::testing
