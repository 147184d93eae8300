#include "record/manifest_timeline.hpp"

#include <gtest/gtest.h>

namespace meet::record {
namespace {

constexpr int64_t kStart = 1'000'000;

ManifestTrack track(const std::string& id, const std::string& who, bool video,
                    int64_t first_rtp = 0, int64_t first_wall = kStart) {
  ManifestTrack t;
  t.track_id = id;
  t.participant_id = who + "-session";
  t.identity = who;
  t.name = who;
  t.video = video;
  t.source = video ? "camera" : "microphone";
  t.codec = video ? "vp8" : "opus";
  t.clock_rate = video ? 90000 : 48000;
  t.file = "tracks/" + id + ".mkv";
  t.first_rtp_ts = first_rtp;
  t.first_frame_wall_ms = first_wall;
  return t;
}

Manifest base(int64_t stop_after_ms = 60'000) {
  Manifest m;
  m.recording_id = "r";
  m.started_at_ms = kStart;
  m.stopped_at_ms = kStart + stop_after_ms;
  return m;
}

// A report for track i sent at timeline ms `at`, its RTP clock `rtp_at_zero` at timeline 0.
void report(Manifest& m, size_t i, double at, int64_t rtp_at_zero) {
  int64_t rate = m.tracks[i].clock_rate;
  m.sender_reports.push_back(
      {i, kStart + at, rtp_at_zero + static_cast<int64_t>(at * static_cast<double>(rate) / 1000)});
}

TEST(ManifestTimeline, PlacesTracksFromSenderReportsNotArrival) {
  auto m = base();
  // First frame sent at 2000 ms (rtp 96000 above the clock's zero), arrived 300 ms later.
  m.tracks.push_back(track("a", "alice", false, 100000 + 96000, kStart + 2300));
  for (int k = 0; k < 5; ++k) report(m, 0, 2000 + k * 1000.0, 100000);
  auto tl = build_timeline(m, {});
  ASSERT_EQ(tl.tracks.size(), 1u);
  EXPECT_TRUE(tl.tracks[0].from_sender_reports);
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(0), 2000, 1);
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(1500), 3500, 1);
  EXPECT_EQ(tl.tracks[0].span.start_ms, 2000);
  EXPECT_EQ(tl.duration_ms, 60'000);
}

TEST(ManifestTimeline, FallsBackOnFirstFrameArrival) {
  auto m = base();
  m.tracks.push_back(track("a", "alice", false, 5, kStart + 4200));
  auto tl = build_timeline(m, {});
  EXPECT_FALSE(tl.tracks[0].from_sender_reports);
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(0), 4200, 0.001);
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(100), 4300, 0.001);
}

TEST(ManifestTimeline, HandlesUnwrappedTimestampsPastThirtyTwoBits) {
  auto m = base();
  const int64_t near_wrap = 4294967296 - 90000;  // wraps one second after the first frame
  m.tracks.push_back(track("v", "alice", true, near_wrap, kStart + 1000));
  for (int k = 0; k < 6; ++k) report(m, 0, 1000 + k * 1000.0, near_wrap - 90000);
  auto tl = build_timeline(m, {});
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(0), 1000, 1);
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(4000), 5000, 1);
}

TEST(ManifestTimeline, SplitsTheMappingAtATimestampReset) {
  auto m = base();
  m.tracks.push_back(track("a", "alice", false, 0, kStart));
  for (int k = 0; k < 5; ++k) report(m, 0, k * 1000.0, 0);
  // At 5.5 s the sender restarts its RTP clock far ahead (the capture's pts jump with it).
  const int64_t jump = 48000LL * 3600;  // an hour of pts
  for (int k = 6; k < 10; ++k) report(m, 0, k * 1000.0, jump);
  auto tl = build_timeline(m, {});
  const auto& t = tl.tracks[0];
  ASSERT_EQ(t.mapping.size(), 2u);
  EXPECT_NEAR(t.to_timeline_ms(4000), 4000, 1);
  EXPECT_NEAR(t.to_timeline_ms(3'600'000 + 7000), 7000, 1);
  EXPECT_NEAR(t.to_timeline_ms(3'600'000 + 5600), 5600, 1);  // soon after the reset
}

TEST(ManifestTimeline, FollowsACaptureThatFallsBehindReportByReport) {
  auto m = base(30'000);
  m.tracks.push_back(track("a", "alice", false, 0, kStart));
  // A starved audio device delivers 5 % fewer samples than time passes: far beyond clock
  // drift, and the reports say where each part of the audio belongs.
  for (int k = 0; k < 25; ++k) {
    double at = k * 1000.0;
    m.sender_reports.push_back({0, kStart + at, static_cast<int64_t>(at * 48 * 0.95)});
  }
  auto tl = build_timeline(m, {});
  for (double at : {0.0, 2'500.0, 5'000.0, 12'345.0, 20'000.0, 24'000.0}) {
    EXPECT_NEAR(tl.tracks[0].to_timeline_ms(at * 0.95), at, 5) << at;
  }
  EXPECT_LE(tl.tracks[0].mapping.size(), 6u);  // pieces of at least 5 s
}

TEST(ManifestTimeline, FollowsClockDrift) {
  auto m = base(120'000);
  m.tracks.push_back(track("a", "alice", false, 0, kStart));
  // The sender's media clock runs 200 ppm slow against its NTP clock.
  for (int k = 0; k < 100; ++k) {
    double at = k * 1000.0;
    m.sender_reports.push_back({0, kStart + at, static_cast<int64_t>(at * 48 * (1 - 200e-6))});
  }
  auto tl = build_timeline(m, {});
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(99'000 * (1 - 200e-6)), 99'000, 2);
}

TEST(ManifestTimeline, MovesASenderWhoseClockIsOff) {
  auto m = base();
  // Bob's NTP clock is 30 s ahead; his frames arrived at 1000 ms. Audio and video keep their
  // 40 ms lip-sync offset from the reports.
  m.tracks.push_back(track("bv", "bob", true, 0, kStart + 1000));
  m.tracks.push_back(track("ba", "bob", false, 0, kStart + 1040));
  for (int k = 0; k < 3; ++k) {
    m.sender_reports.push_back({0, kStart + 31000.0 + k * 1000, 90LL * k * 1000});
    m.sender_reports.push_back({1, kStart + 31040.0 + k * 1000, 48LL * k * 1000});
  }
  auto tl = build_timeline(m, {});
  EXPECT_NEAR(tl.tracks[0].to_timeline_ms(0), 1000, 1);
  EXPECT_NEAR(tl.tracks[1].to_timeline_ms(0), 1040, 1);
}

TEST(ManifestTimeline, KeepsATileThroughAShortDropOut) {
  auto m = base();
  m.tracks.push_back(track("a", "alice", false));
  m.participant_events.push_back({"alice-session", "Alice", true, kStart});
  m.participant_events.push_back({"alice-session", "Alice", false, kStart + 10'000});
  m.participant_events.push_back({"alice-2", "Alice", true, kStart + 14'000});  // rejoined
  m.participant_events.push_back({"alice-2", "Alice", false, kStart + 20'000});
  m.participant_events.push_back({"bob-session", "Bob", true, kStart + 1000});
  m.participant_events.push_back({"bob-session", "Bob", false, kStart + 2000});
  m.participant_events.push_back({"bob-session", "Bob", true, kStart + 30'000});
  m.track_ends.push_back({0, kStart + 10'000});
  // The rejoin has a new session id but the same identity once its track appears.
  m.tracks.push_back(track("a2", "alice", false, 0, kStart + 14'000));
  m.tracks.back().participant_id = "alice-2";
  m.track_ends.push_back({1, kStart + 20'000});
  auto tl = build_timeline(m, {});
  ASSERT_EQ(tl.participants.size(), 2u);
  EXPECT_EQ(tl.participants[0].name, "Alice");
  EXPECT_EQ(tl.participants[0].present, (std::vector<Interval>{{0, 20'000}}));
  EXPECT_EQ(tl.participants[1].present, (std::vector<Interval>{{1000, 2000}, {30'000, 60'000}}));
}

TEST(ManifestTimeline, KeepsWhenEachPersonFirstJoinedTheMeeting) {
  auto m = base();
  m.tracks.push_back(track("a", "alice", false));
  m.participant_events.push_back({"alice-session", "Alice", true, kStart, kStart - 9000});
  m.participant_events.push_back({"alice-session", "Alice", false, kStart + 1000});
  m.participant_events.push_back({"alice-2", "Alice", true, kStart + 2000, kStart + 1900});
  m.tracks.push_back(track("a2", "alice", false, 0, kStart + 2000));
  m.tracks.back().participant_id = "alice-2";
  m.participant_events.push_back({"bob-session", "Bob", true, kStart});  // an older manifest
  auto tl = build_timeline(m, {});
  ASSERT_EQ(tl.participants.size(), 2u);
  EXPECT_EQ(tl.participants[0].joined_meeting_ms, kStart - 9000);
  EXPECT_EQ(tl.participants[1].joined_meeting_ms, INT64_MAX);
}

TEST(ManifestTimeline, MutedIntervalsOnTheTimeline) {
  auto m = base();
  m.tracks.push_back(track("a", "alice", false));
  m.mutes.push_back({0, true, kStart + 3000});
  m.mutes.push_back({0, true, kStart + 3500});  // repeated: no change
  m.mutes.push_back({0, false, kStart + 8000});
  m.mutes.push_back({0, true, kStart + 50'000});  // muted to the end
  auto tl = build_timeline(m, {});
  EXPECT_EQ(tl.tracks[0].muted, (std::vector<Interval>{{3000, 8000}, {50'000, 60'000}}));
}

TEST(ManifestTimeline, AfterACrashTheFilesSayHowLongItWas) {
  auto m = base();
  m.stopped_at_ms.reset();
  m.tracks.push_back(track("a", "alice", false, 0, kStart + 500));
  m.tracks.push_back(track("b", "bob", false, 0, kStart + 1000));
  std::vector<std::optional<int64_t>> last{12'000, std::nullopt};
  auto tl = build_timeline(m, last);
  EXPECT_EQ(tl.duration_ms, 12'500);
  EXPECT_EQ(tl.tracks[0].span, (Interval{500, 12'500}));
}

TEST(ManifestTimeline, MergesIntervals) {
  EXPECT_EQ(merge_intervals({{5, 9}, {0, 2}, {2, 3}, {8, 12}, {20, 20}}),
            (std::vector<Interval>{{0, 3}, {5, 12}}));
  EXPECT_EQ(merge_intervals({{0, 2}, {6, 9}}, 5), (std::vector<Interval>{{0, 9}}));
  EXPECT_EQ(merge_intervals({{0, 2}, {7, 9}}, 5), (std::vector<Interval>{{0, 2}, {7, 9}}));
}

}  // namespace
}  // namespace meet::record
