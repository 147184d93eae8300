// The web app's routes (/api/app/...): meetings and tokens without an API key, switched off by
// APP_MEETINGS=false, on SQLite (the routes only use Store calls the backends share).
#include <gtest/gtest.h>

#include "api/api_harness.hpp"
#include "common/jwt.hpp"

namespace meet::testing {
namespace {

class ApiAppRoutesTest : public ApiTest<SqliteBackend> {
 protected:
  JoinClaims claims(const std::string& token) {
    auto c = verify_join_token(
        token, [](std::string_view) { return std::optional<std::string>(kTokenSecret); },
        clock_.now_unix_seconds());
    EXPECT_TRUE(c.ok());
    return c ? *c : JoinClaims{};
  }
};

TEST_F(ApiAppRoutesTest, CreatesAMeetingWithAHostTokenAndGuestsJoinByItsId) {
  EXPECT_EQ(call("GET", "/api/app/config", "").json()["create_meetings"], true);
  auto created = call("POST", "/api/app/meetings", "", R"({"title":"Design review","name":"Ann"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto j = created.json();
  EXPECT_EQ(j["meeting"]["title"], "Design review");
  EXPECT_EQ(j["role"], "host");
  const std::string id = j["meeting"]["id"];
  auto host = claims(j["token"]);
  EXPECT_EQ(host.room, id);
  EXPECT_EQ(host.name, "Ann");
  EXPECT_TRUE(host.grants.moderator);

  auto joined = call("POST", "/api/app/meetings/" + id + "/join", "", R"({"name":"<b>Bob</b>"})");
  ASSERT_EQ(joined.status, 201) << joined.body;
  auto guest = claims(joined.json()["token"]);
  EXPECT_EQ(guest.room, id);
  EXPECT_EQ(guest.name, "<b>Bob</b>");
  EXPECT_FALSE(guest.grants.moderator);
  EXPECT_TRUE(guest.grants.publish && guest.grants.publish_data);
  EXPECT_NE(guest.identity, host.identity);

  auto info = call("GET", "/api/app/meetings/" + id, "");
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.json()["title"], "Design review");
  EXPECT_EQ(info.json()["status"], "scheduled");

  auto session = call("POST", "/api/app/session", "",
                      nlohmann::json{{"token", joined.json()["token"]}}.dump());
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json()["meeting"]["title"], "Design review");
  EXPECT_EQ(session.json()["role"], "guest");
  EXPECT_EQ(session.json()["name"], "<b>Bob</b>");
}

TEST_F(ApiAppRoutesTest, GuestTokensOnlyForTheAppsOwnMeetings) {
  auto t = make_tenant("operator");
  const std::string theirs = make_meeting(t);
  EXPECT_EQ(call("POST", "/api/app/meetings/" + theirs + "/join", "", R"({"name":"x"})").status,
            404);
  EXPECT_EQ(call("POST", "/api/app/meetings/mtg_nope/join", "", R"({"name":"x"})").status, 404);
  EXPECT_EQ(call("POST", "/api/app/meetings", "", R"({"title":"no name"})").error_code(),
            "missing_field");
  EXPECT_EQ(call("POST", "/api/app/session", "", R"({"token":"a.b.c"})").error_code(),
            "invalid_token");
}

TEST_F(ApiAppRoutesTest, OnlyAHostTokenOfTheMeetingEndsIt) {
  auto host = call("POST", "/api/app/meetings", "", R"({"name":"Ann"})").json();
  const std::string id = host["meeting"]["id"];
  EXPECT_EQ(host["meeting"]["title"], "Meeting");
  auto guest = call("POST", "/api/app/meetings/" + id + "/join", "", R"({"name":"Bob"})").json();
  auto refused = call("POST", "/api/app/meetings/" + id + "/end", "",
                      nlohmann::json{{"token", guest["token"]}}.dump());
  EXPECT_EQ(refused.status, 403);
  auto ended = call("POST", "/api/app/meetings/" + id + "/end", "",
                    nlohmann::json{{"token", host["token"]}}.dump());
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["status"], "ended");
  EXPECT_EQ(call("POST", "/api/app/meetings/" + id + "/join", "", R"({"name":"Cy"})").error_code(),
            "meeting_ended");
}

TEST_F(ApiAppRoutesTest, OperatorSwitchesCreatingAndJoiningOff) {
  auto options = default_test_options();
  options.app_meetings = false;
  start(options);
  EXPECT_EQ(call("GET", "/api/app/config", "").json()["create_meetings"], false);
  auto r = call("POST", "/api/app/meetings", "", R"({"name":"Ann"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "app_meetings_disabled");
  EXPECT_EQ(call("POST", "/api/app/meetings/mtg_x/join", "", R"({"name":"Ann"})").status, 403);
}

}  // namespace
}  // namespace meet::testing
