#pragma once
// The capture placed on one timeline: timeline 0 is the recording's started_at_ms, in
// milliseconds of the server's clock. Built from a Manifest without touching the disk.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "record/manifest.hpp"

namespace meet::record {

// Half-open [start_ms, end_ms) on the timeline.
struct Interval {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  bool operator==(const Interval&) const = default;
};

// For file pts >= from_pts_ms (until the next piece): timeline_ms = pts_ms * (1 + rate) +
// offset_ms. `rate` is the sender clock's drift against the sender report NTP clock (|rate| <=
// 1e-3).
struct PtsPiece {
  int64_t from_pts_ms = 0;
  double offset_ms = 0;
  double rate = 0;
};

struct TimelineTrack {
  size_t manifest_index = 0;
  size_t participant = 0;  // index into ManifestTimeline::participants
  bool video = false;
  bool screen = false;  // source "screen" (video) or "screen_audio"
  std::string file;
  std::vector<PtsPiece> mapping;  // sorted by from_pts_ms; the first piece covers every pts below
  bool from_sender_reports = false;
  Interval span;                // first frame to track end, on the timeline (clipped to it)
  std::vector<Interval> muted;  // on the timeline, sorted, disjoint

  double to_timeline_ms(double pts_ms) const;
};

struct TimelineParticipant {
  std::string key;                        // identity (a person rejoining keeps one tile)
  std::string name;                       // last name seen
  std::vector<Interval> present;          // sorted, disjoint
  int64_t joined_meeting_ms = INT64_MAX;  // first join to the meeting seen (unix ms)
};

struct ManifestTimeline {
  int64_t duration_ms = 0;
  std::vector<TimelineParticipant> participants;  // in order of first appearance
  std::vector<TimelineTrack> tracks;
};

// Gaps shorter than this in a participant's presence are bridged: their tile stays.
inline constexpr int64_t kRejoinGraceMs = 10'000;
// A sender whose reports put its first frame further than this from its arrival has a clock
// that is not in step with ours: its tracks are moved to the arrival time (keeping their
// relative sync from the reports).
inline constexpr int64_t kSenderClockToleranceMs = 1'000;

// The timeline never runs longer than this (a manifest saying otherwise is cut short).
inline constexpr int64_t kMaxRecordingMs = 7LL * 24 * 3600 * 1000;

// Places every track. last_pts_ms[i] is the last packet pts of tracks[i]'s file when known
// (probed when the manifest has neither track_end nor stopped for it); it may be empty.
ManifestTimeline build_timeline(const Manifest& manifest,
                                std::span<const std::optional<int64_t>> last_pts_ms);

// Sorts and merges intervals, bridging gaps shorter than `gap_ms`; drops empty ones.
std::vector<Interval> merge_intervals(std::vector<Interval> v, int64_t gap_ms = 0);

}  // namespace meet::record
