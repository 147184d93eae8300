#include "signal/signal_message.hpp"

#include <gtest/gtest.h>

namespace meet::signal {
namespace {

TEST(SignalMessage, ParsesJoin) {
  auto m = parse_client_message(R"({"type":"join","id":7,"token":"a.b.c"})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, MessageType::kJoin);
  EXPECT_EQ(m->token, "a.b.c");
  EXPECT_EQ(m->id, 7);
}

TEST(SignalMessage, ParsesPublishWithSources) {
  auto m = parse_client_message(
      R"({"type":"publish","sdp":"v=0","tracks":[{"mid":"1","source":"screen"}]})");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->tracks.size(), 1u);
  EXPECT_EQ(m->tracks[0].source, "screen");
}

struct BadCase {
  const char* name;
  std::string text;
  const char* code;
};

TEST(SignalMessage, ParsesChatUpToTheLimit) {
  auto m = parse_client_message(R"({"type":"chat","id":3,"text":"h\u00e9llo <b>&</b>"})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, MessageType::kChat);
  EXPECT_EQ(m->text, "h\xc3\xa9llo <b>&</b>");
  const std::string longest(kMaxChatTextBytes, 'x');
  EXPECT_TRUE(parse_client_message(R"({"type":"chat","text":")" + longest + "\"}").ok());
}

TEST(SignalMessage, ParsesLobbyDecisions) {
  auto admit = parse_client_message(R"({"type":"admit","id":1,"participant_id":"p_1"})");
  ASSERT_TRUE(admit.ok());
  EXPECT_EQ(admit->type, MessageType::kAdmit);
  EXPECT_EQ(admit->participant_id, "p_1");
  auto deny = parse_client_message(R"({"type":"deny","participant_id":"p_2"})");
  ASSERT_TRUE(deny.ok());
  EXPECT_EQ(deny->type, MessageType::kDeny);
}

TEST(SignalMessage, RejectsBadInput) {
  const BadCase cases[] = {
      {"not json", "{", "bad_request"},
      {"array", "[1,2]", "bad_request"},
      {"no type", R"({"id":1})", "bad_request"},
      {"unknown type", R"({"type":"dance"})", "bad_request"},
      {"type not string", R"({"type":5})", "bad_request"},
      {"join without token", R"({"type":"join"})", "bad_request"},
      {"token not string", R"({"type":"join","token":5})", "bad_request"},
      {"empty token", R"({"type":"join","token":""})", "bad_request"},
      {"mute without bool", R"({"type":"mute","track_id":"t","muted":"yes"})", "bad_request"},
      {"bad source", R"({"type":"publish","sdp":"x","tracks":[{"mid":"0","source":"tv"}]})",
       "bad_request"},
      {"tracks not array", R"({"type":"publish","sdp":"x","tracks":{}})", "bad_request"},
      {"object id", R"({"type":"ping","id":{}})", "bad_request"},
      {"admit without participant", R"({"type":"admit"})", "bad_request"},
      {"deny with numeric participant", R"({"type":"deny","participant_id":7})", "bad_request"},
      {"chat without text", R"({"type":"chat"})", "bad_request"},
      {"chat text not string", R"({"type":"chat","text":["hi"]})", "bad_request"},
      {"chat text empty", R"({"type":"chat","text":""})", "bad_request"},
      {"chat text over 2000 bytes",
       R"({"type":"chat","text":")" + std::string(kMaxChatTextBytes + 1, 'x') + "\"}",
       "bad_request"},
      {"too large", std::string(70000, ' '), "too_large"},
      {"invalid utf8", "{\"type\":\"join\",\"token\":\"\xff\xfe\"}", "bad_request"},
  };
  for (const auto& c : cases) {
    auto m = parse_client_message(c.text);
    ASSERT_FALSE(m.ok()) << c.name;
    EXPECT_EQ(to_string(m.error().code), c.code) << c.name;
  }
}

TEST(SignalMessage, ErrorEchoesRequestId) {
  auto m = parse_client_message(R"({"type":"mute","id":"r1","track_id":"t"})");
  ASSERT_FALSE(m.ok());
  auto text = error_json(m.error());
  EXPECT_NE(text.find(R"("id":"r1")"), std::string::npos);
  EXPECT_NE(text.find(R"("code":"bad_request")"), std::string::npos);
}

}  // namespace
}  // namespace meet::signal
