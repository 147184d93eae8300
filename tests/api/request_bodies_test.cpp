#include "api/request_bodies.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace meet::api {
namespace {

struct BadBody {
  const char* what;
  std::string body;
  const char* code;
};

template <typename T>
void expect_error(const ApiResult<T>& r, const BadBody& c) {
  ASSERT_FALSE(r.ok()) << c.what;
  EXPECT_EQ(r.error().status, 400) << c.what;
  EXPECT_EQ(r.error().code, c.code) << c.what << ": " << r.error().message;
}

TEST(RequestBodies, ParsesAFullMeeting) {
  auto m = parse_create_meeting(R"({"title":"Weekly","scheduled_start":1700000000000,
      "scheduled_end":1700003600000,"settings":{"lobby":true,"max_participants":8,
      "recording_auto_start":false,"features":["chat","screen_share","chat"]},"extra":[1,2]})");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->title, "Weekly");
  EXPECT_EQ(m->scheduled_start_ms, 1700000000000);
  EXPECT_EQ(m->max_participants, 8);
  EXPECT_EQ(m->lobby, true);
  EXPECT_EQ(m->features, (std::vector<std::string>{"chat", "screen_share"}));
}

TEST(RequestBodies, PatchCanClearTheSchedule) {
  auto m = parse_update_meeting(R"({"scheduled_start":null})");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->has_scheduled_start);
  EXPECT_FALSE(m->scheduled_start_ms);
  EXPECT_FALSE(m->has_scheduled_end);
  EXPECT_FALSE(m->title);
}

TEST(RequestBodies, RejectsBadMeetingBodies) {
  const BadBody cases[] = {
      {"empty", "", "invalid_json"},
      {"truncated", R"({"title":"x")", "invalid_json"},
      {"array", R"(["title"])", "invalid_json"},
      {"string", R"("title")", "invalid_json"},
      {"deep", std::string(40, '[') + std::string(40, ']'), "invalid_json"},
      {"deep in object", R"({"title":"x","a":)" + std::string(20, '[') + std::string(20, ']') + "}",
       "invalid_json"},
      {"latin1 byte", "{\"title\":\"caf\xE9\"}", "invalid_utf8"},
      {"lone surrogate escape", R"({"title":"\udc00"})", "invalid_utf8"},
      {"missing title", R"({})", "missing_field"},
      {"null title", R"({"title":null})", "missing_field"},
      {"title number", R"({"title":5})", "invalid_field"},
      {"title empty", R"({"title":""})", "invalid_field"},
      {"title long", R"({"title":")" + std::string(201, 'a') + R"("})", "field_too_long"},
      {"title NUL", R"({"title":"a\u0000b"})", "invalid_field"},
      {"start string", R"({"title":"x","scheduled_start":"2024-01-01"})", "invalid_field"},
      {"start float", R"({"title":"x","scheduled_start":1.7e12})", "invalid_field"},
      {"start too early", R"({"title":"x","scheduled_start":5})", "invalid_field"},
      {"start huge", R"({"title":"x","scheduled_start":99999999999999999999})", "invalid_field"},
      {"end before start",
       R"({"title":"x","scheduled_start":1700000000001,"scheduled_end":1700000000000})",
       "invalid_field"},
      {"settings array", R"({"title":"x","settings":[]})", "invalid_field"},
      {"lobby string", R"({"title":"x","settings":{"lobby":"yes"}})", "invalid_field"},
      {"max zero", R"({"title":"x","settings":{"max_participants":0}})", "invalid_field"},
      {"max negative", R"({"title":"x","settings":{"max_participants":-1}})", "invalid_field"},
      {"max big", R"({"title":"x","settings":{"max_participants":1001}})", "invalid_field"},
      {"features string", R"({"title":"x","settings":{"features":"chat"}})", "invalid_field"},
      {"features unknown", R"({"title":"x","settings":{"features":["teleport"]}})",
       "invalid_field"},
      {"features number", R"({"title":"x","settings":{"features":[1]}})", "invalid_field"},
  };
  for (const auto& c : cases) expect_error(parse_create_meeting(c.body), c);
}

TEST(RequestBodies, MapsRolesToTokenBodies) {
  auto host = parse_create_token(R"({"identity":"ann","name":"Ann","role":"host","ttl":600})");
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(host->role, TokenRole::kHost);
  EXPECT_EQ(host->ttl_seconds, 600);
  auto guest = parse_create_token(R"({"identity":"bob"})");
  ASSERT_TRUE(guest.ok());
  EXPECT_EQ(guest->role, TokenRole::kGuest);
  EXPECT_EQ(guest->name, "bob");
  EXPECT_EQ(guest->ttl_seconds, 3600);
}

TEST(RequestBodies, RejectsBadTokenBodies) {
  const BadBody cases[] = {
      {"no identity", R"({"role":"host"})", "missing_field"},
      {"identity object", R"({"identity":{}})", "invalid_field"},
      {"identity long", R"({"identity":")" + std::string(129, 'i') + R"("})", "field_too_long"},
      {"role admin", R"({"identity":"a","role":"admin"})", "invalid_field"},
      {"role bool", R"({"identity":"a","role":true})", "invalid_field"},
      {"ttl short", R"({"identity":"a","ttl":59})", "invalid_field"},
      {"ttl long", R"({"identity":"a","ttl":86401})", "invalid_field"},
      {"ttl string", R"({"identity":"a","ttl":"60"})", "invalid_field"},
      {"name bytes", "{\"identity\":\"a\",\"name\":\"\xC0\xAF\"}", "invalid_utf8"},
  };
  for (const auto& c : cases) expect_error(parse_create_token(c.body), c);
}

TEST(RequestBodies, RejectsBadWebhookBodies) {
  const BadBody cases[] = {
      {"no url", R"({})", "missing_field"},
      {"ftp", R"({"url":"ftp://x/"})", "invalid_field"},
      {"bare scheme", R"({"url":"http://"})", "invalid_field"},
      {"space", R"({"url":"http://a b/"})", "invalid_field"},
      {"event unknown", R"({"url":"http://a/","events":["meeting.deleted"]})", "invalid_field"},
      {"too many events",
       R"({"url":"http://a/","events":[)" +
           [] {
             std::string s;
             for (int i = 0; i < 17; ++i) s += std::string(i ? "," : "") + "\"meeting.ended\"";
             return s;
           }() +
           "]}",
       "invalid_field"},
  };
  for (const auto& c : cases) expect_error(parse_create_webhook(c.body), c);
  auto ok = parse_create_webhook(R"({"url":"https://h.example/x","events":["meeting.ended"]})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->events, std::vector<std::string>{"meeting.ended"});
}

TEST(RequestBodies, AcceptsEmptyBodiesWhereEverythingIsOptional) {
  EXPECT_TRUE(parse_create_key("").ok());
  auto mute = parse_mute("");
  ASSERT_TRUE(mute.ok());
  EXPECT_TRUE(mute->muted);
  EXPECT_FALSE(mute->track_id);
  const BadBody bad{"muted string", R"({"muted":"no"})", "invalid_field"};
  expect_error(parse_mute(bad.body), bad);
  EXPECT_EQ(parse_create_tenant(R"({"name":""})").error().code, "invalid_field");
}

}  // namespace
}  // namespace meet::api
