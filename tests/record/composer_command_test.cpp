#include "record/composer_command.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace meet::record {
namespace {

// What ffmpeg's av_get_token does to one level of escaping: a backslash takes the next
// character literally, quotes group, unquoted leading/trailing spaces go, and `term` ends it.
std::string unescape_level(std::string_view s, std::string_view term, size_t* used = nullptr) {
  std::string out;
  size_t i = 0, end = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  while (i < s.size() && term.find(s[i]) == std::string_view::npos) {
    char c = s[i++];
    if (c == '\\' && i < s.size()) {
      out += s[i++];
      end = out.size();
    } else if (c == '\'') {
      while (i < s.size() && s[i] != '\'') out += s[i++];
      if (i < s.size()) ++i;
      end = out.size();
    } else {
      out += c;
      if (c != ' ' && c != '\t') end = out.size();
    }
  }
  out.resize(std::max(end, static_cast<size_t>(0)));
  if (used) *used = i;
  return out;
}

TEST(ComposerCommand, EscapesValuesForBothLevelsOfTheGraph) {
  const std::vector<std::string> names = {
      "Alice",         "O'Brien",          "a:b:c",       "back\\slash", "100% %{pts} done",
      "[x],y;z=1",     " lead and trail ", "Карина 李 ☃", "'quoted'",    "\\'\\:",
      "colon: 'both'", "tab\there",
  };
  for (const auto& n : names) {
    std::string escaped = escape_filter_value(n);
    size_t used = 0;
    // Level 2: the graph parser stops at [ ] , ; ... and must consume the whole value.
    std::string level2 = unescape_level(escaped, "[],;", &used);
    EXPECT_EQ(used, escaped.size()) << n;
    // Level 1: the option parser stops at ':'.
    std::string level1 = unescape_level(level2, ":", &used);
    EXPECT_EQ(used, level2.size()) << n;
    EXPECT_EQ(level1, n);
  }
}

TEST(ComposerCommand, LabelsAreCleanUtf8AndShortened) {
  EXPECT_EQ(label_text("Alice", 20), "Alice");
  EXPECT_EQ(label_text("a\nb\tc\x7f", 20), "a b c ");
  EXPECT_EQ(label_text("bad \xff\xc0 utf8", 20), "bad \xEF\xBF\xBD\xEF\xBF\xBD utf8");
  EXPECT_EQ(label_text("\xED\xA0\x80", 20), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(label_text("Каринаааааа", 5), "Кари\xE2\x80\xA6");
  EXPECT_EQ(label_text("李李李李", 4), "李李李李");
  EXPECT_EQ(label_text("cut\xE6\x9D", 10), "cut\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(ComposerCommand, TellsNamesThatNeedACjkFont) {
  EXPECT_FALSE(needs_cjk_font("Alice"));
  EXPECT_FALSE(needs_cjk_font("Карина Ωμέγα"));
  EXPECT_TRUE(needs_cjk_font("李"));
  EXPECT_TRUE(needs_cjk_font("Anna さくら"));
  EXPECT_TRUE(needs_cjk_font("김"));
  EXPECT_FALSE(needs_cjk_font("\xE6"));  // cut short
}

TEST(ComposerCommand, MapsPtsPiecewise) {
  TimelineTrack t;
  t.mapping = {{INT64_MIN, 1500, 0}};
  EXPECT_EQ(pts_expression(t), "(PTS*TB*1.000000000+1.500000)/TB");
  t.mapping.push_back({60'000, -3000, 0.0001});
  EXPECT_EQ(
      pts_expression(t),
      "(PTS*TB*1.000000000+1.500000+gte(PTS*TB,60.000000)*(PTS*TB*0.000100000+-4.500000))/TB");
  // A third piece adds its difference from the second: past 90 s only it counts.
  t.mapping.push_back({90'000, -2000, 0});
  EXPECT_EQ(pts_expression(t),
            "(PTS*TB*1.000000000+1.500000+gte(PTS*TB,60.000000)*(PTS*TB*0.000100000+-4.500000)"
            "+gte(PTS*TB,90.000000)*(PTS*TB*-0.000100000+1.000000))/TB");
}

TEST(ComposerCommand, BuildsOneFfmpegCommandWithoutAShell) {
  ManifestTimeline tl;
  tl.duration_ms = 10'000;
  tl.participants.push_back({"a", "Alice", {{0, 10'000}}});
  TimelineTrack v;
  v.video = true;
  v.file = "tracks/v.mkv";
  v.mapping = {{INT64_MIN, 0, 0}};
  v.span = {0, 10'000};
  TimelineTrack a = v;
  a.video = false;
  a.file = "tracks/a.mkv";
  tl.tracks = {v, a};
  std::vector<LayoutSegment> segs{{0, 300, {{{0, 0, 1280, 720}, 0, false, {0}, "Alice"}}}};
  ComposeOptions o;
  o.ffmpeg = "/usr/bin/ffmpeg";
  auto argv = build_compose_command(
      {tl, segs, o, "/rec", "/fonts/f.ttf", "/fonts/cjk.ttc", "/rec/out.mp4"});
  ASSERT_FALSE(argv.empty());
  EXPECT_EQ(argv.front(), "/usr/bin/ffmpeg");
  EXPECT_EQ(argv.back(), "/rec/out.mp4");
  auto has = [&](const std::string& a, const std::string& b) {
    for (size_t i = 0; i + 1 < argv.size(); ++i) {
      if (argv[i] == a && argv[i + 1] == b) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("-i", "/rec/tracks/v.mkv"));
  EXPECT_TRUE(has("-i", "/rec/tracks/a.mkv"));
  EXPECT_TRUE(has("-c:v", "libx264"));
  EXPECT_TRUE(has("-c:a", "aac"));
  EXPECT_TRUE(has("-movflags", "+faststart"));
  EXPECT_TRUE(has("-progress", "pipe:1"));
  EXPECT_TRUE(has("-t", "10.000000"));
  std::string graphs;
  for (size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == "-filter_complex") graphs += argv[i + 1] + "\n";
  }
  EXPECT_NE(graphs.find("[0:v]setpts="), std::string::npos);
  EXPECT_NE(graphs.find("fontfile=/fonts/f.ttf"), std::string::npos);
  EXPECT_NE(graphs.find("text=Alice"), std::string::npos);
  EXPECT_EQ(graphs.find("cjk.ttc"), std::string::npos);
  segs[0].tiles[0].label = "李";
  argv = build_compose_command(
      {tl, segs, o, "/rec", "/fonts/f.ttf", "/fonts/cjk.ttc", "/rec/out.mp4"});
  bool cjk = false;
  for (const auto& a : argv) cjk = cjk || a.find("fontfile=/fonts/cjk.ttc") != std::string::npos;
  EXPECT_TRUE(cjk);
  EXPECT_NE(graphs.find("[1:a]asetpts="), std::string::npos);
  EXPECT_NE(graphs.find("aresample=48000:async=2400:first_pts=0"), std::string::npos);
  EXPECT_NE(graphs.find("apad=whole_dur=10.000000"), std::string::npos);
}

}  // namespace
}  // namespace meet::record
