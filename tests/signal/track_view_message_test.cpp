#include "signal/track_view_message.hpp"

#include <gtest/gtest.h>

#include "signal/signal_message.hpp"

namespace meet::signal {
namespace {

TEST(TrackViewMessage, ParsesViews) {
  auto m = parse_client_message(
      R"({"type":"track_view","id":4,"views":[{"track_id":"t_1","visible":true,"width":640,"height":360},{"track_id":"t_2","visible":false}]})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, MessageType::kTrackView);
  ASSERT_EQ(m->views.size(), 2u);
  EXPECT_EQ(m->views[0].track_id, "t_1");
  EXPECT_TRUE(m->views[0].visible);
  EXPECT_EQ(m->views[0].width, 640u);
  EXPECT_EQ(m->views[0].height, 360u);
  EXPECT_FALSE(m->views[1].visible);
  EXPECT_EQ(m->views[1].width, 0u);
}

TEST(TrackViewMessage, ParsesGetStats) {
  auto m = parse_client_message(R"({"type":"get_stats","id":"s1"})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type, MessageType::kGetStats);
}

TEST(TrackViewMessage, RejectsWhatBreaksTheRules) {
  const std::string many = [] {
    std::string s = R"({"type":"track_view","views":[)";
    for (int i = 0; i < 65; ++i)
      s += std::string(i ? "," : "") + R"({"track_id":"t","visible":true})";
    return s + "]}";
  }();
  const std::vector<std::string> bad = {
      R"({"type":"track_view"})",
      R"({"type":"track_view","views":[]})",
      R"({"type":"track_view","views":{}})",
      R"({"type":"track_view","views":[1]})",
      R"({"type":"track_view","views":[{"visible":true}]})",
      R"({"type":"track_view","views":[{"track_id":"","visible":true}]})",
      R"({"type":"track_view","views":[{"track_id":7,"visible":true}]})",
      R"({"type":"track_view","views":[{"track_id":"t"}]})",
      R"({"type":"track_view","views":[{"track_id":"t","visible":"yes"}]})",
      R"({"type":"track_view","views":[{"track_id":"t","visible":true,"width":-1}]})",
      R"({"type":"track_view","views":[{"track_id":"t","visible":true,"height":16385}]})",
      R"({"type":"track_view","views":[{"track_id":"t","visible":true,"width":1.5}]})",
      R"({"type":"track_view","views":[{"track_id":"t","visible":true,"extra":1}]})",
      R"({"type":"track_view","views":[{"track_id":")" + std::string(129, 'x') +
          R"(","visible":true}]})",
      many,
  };
  for (const auto& text : bad) {
    SCOPED_TRACE(text.substr(0, 120));
    auto m = parse_client_message(text);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::kBadRequest);
  }
}

}  // namespace
}  // namespace meet::signal
