#include "record/manifest.hpp"

#include <gtest/gtest.h>

namespace meet::record {
namespace {

const std::string kHead =
    R"({"type":"recording","recording_id":"r1","room":"room","meeting_id":"m1","started_at_ms":1000})"
    "\n";
const std::string kTrack =
    R"({"type":"track","track_id":"t1","participant_id":"p1","identity":"alice","name":"Alice",)"
    R"("kind":"audio","source":"microphone","codec":"opus","clock_rate":48000,)"
    R"("file":"tracks/t1.mkv","first_rtp_ts":4294967000,"first_frame_wall_ms":1020})"
    "\n";

TEST(Manifest, ReadsEveryLineType) {
  std::string text =
      kHead + kTrack +
      R"({"type":"sr","track_id":"t1","ntp_ms":1500.5,"rtp_ts":4295000000})"
      "\n"
      R"({"type":"mute","track_id":"t1","muted":true,"at_ms":2000})"
      "\n"
      R"({"type":"participant","participant_id":"p2","name":"Bob","event":"joined","at_ms":1000,)"
      R"("joined_meeting_ms":900})"
      "\n"
      R"({"type":"participant","participant_id":"p1","name":"Alice","event":"left","at_ms":3000})"
      "\n"
      R"({"type":"track_end","track_id":"t1","at_ms":2900})"
      "\n"
      R"({"type":"stopped","at_ms":4000})"
      "\n";
  auto m = parse_manifest(text);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->recording_id, "r1");
  EXPECT_EQ(m->meeting_id, "m1");
  EXPECT_EQ(m->started_at_ms, 1000);
  ASSERT_EQ(m->tracks.size(), 1u);
  const auto& t = m->tracks[0];
  EXPECT_EQ(t.identity, "alice");
  EXPECT_FALSE(t.video);
  EXPECT_EQ(t.clock_rate, 48000);
  EXPECT_EQ(t.first_rtp_ts, 4294967000);
  ASSERT_EQ(m->sender_reports.size(), 1u);
  EXPECT_EQ(m->sender_reports[0].rtp_ts, 4295000000);  // unwrapped: beyond 32 bits
  EXPECT_DOUBLE_EQ(m->sender_reports[0].ntp_ms, 1500.5);
  ASSERT_EQ(m->mutes.size(), 1u);
  EXPECT_TRUE(m->mutes[0].muted);
  ASSERT_EQ(m->participant_events.size(), 2u);
  EXPECT_TRUE(m->participant_events[0].joined);
  EXPECT_EQ(m->participant_events[0].joined_meeting_ms, 900);
  EXPECT_FALSE(m->participant_events[1].joined);
  EXPECT_EQ(m->participant_events[1].joined_meeting_ms, 0);
  ASSERT_EQ(m->track_ends.size(), 1u);
  EXPECT_EQ(m->stopped_at_ms, 4000);
  EXPECT_EQ(m->bad_lines, 0u);
}

TEST(Manifest, IgnoresUnknownTypesAndCountsBadLines) {
  std::string text = kHead + kTrack +
                     R"({"type":"future","x":[1,2]})"
                     "\n" +
                     "not json\n" +
                     R"({"type":"sr","track_id":"nope","ntp_ms":1,"rtp_ts":2})"
                     "\n" +  // unknown track
                     R"({"type":"sr","track_id":"t1","ntp_ms":"1","rtp_ts":2})"
                     "\n" +  // wrong type
                     R"({"type":"mute","track_id":"t1","muted":1,"at_ms":2})"
                     "\n" +
                     kTrack +  // duplicate track
                     R"([1,2,3])"
                     "\n" +
                     R"({"type":"participant","participant_id":"p","event":"waved","at_ms":1})"
                     "\n" +
                     R"({"type":"sr","track_id":"t1","ntp_ms":1e300,"rtp_ts":2})"
                     "\n" +
                     "\n   \n" + R"({"type":"stopped","at)";  // cut by a crash
  auto m = parse_manifest(text);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->tracks.size(), 1u);
  EXPECT_TRUE(m->sender_reports.empty());
  EXPECT_TRUE(m->mutes.empty());
  EXPECT_FALSE(m->stopped_at_ms);
  EXPECT_EQ(m->bad_lines, 9u);
}

TEST(Manifest, RejectsTrackFilesOutsideTheFolder) {
  for (const char* file : {"/etc/passwd", "../x.mkv", "tracks/../../x.mkv", "", "a//b.mkv"}) {
    std::string line = kTrack;
    line.replace(line.find("tracks/t1.mkv"), 13, file);
    auto m = parse_manifest(kHead + line);
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(m->tracks.empty()) << file;
    EXPECT_EQ(m->bad_lines, 1u) << file;
  }
}

TEST(Manifest, RejectsAMissingOrBadFirstLine) {
  EXPECT_FALSE(parse_manifest("").ok());
  EXPECT_FALSE(parse_manifest("\n\n").ok());
  EXPECT_FALSE(parse_manifest(kTrack).ok());
  EXPECT_FALSE(parse_manifest(R"({"type":"recording","recording_id":"r"})").ok());
  EXPECT_FALSE(parse_manifest("{\"type\":\"recording\"").ok());
  EXPECT_TRUE(parse_manifest("\r\n" + kHead).ok());
}

TEST(Manifest, AcceptsCrLfAndANullMeeting) {
  auto m = parse_manifest(
      "{\"type\":\"recording\",\"recording_id\":\"r\",\"room\":\"x\",\"meeting_id\":null,"
      "\"started_at_ms\":5}\r\n{\"type\":\"stopped\",\"at_ms\":9}\r\n");
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->meeting_id);
  EXPECT_EQ(m->stopped_at_ms, 9);
}

}  // namespace
}  // namespace meet::record
