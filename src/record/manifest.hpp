#pragma once
// The capture folder's manifest.jsonl (issue 14, contract A): append-only JSON lines written
// by the recorder while it captures. One line per event:
//   {"type":"recording","recording_id","room","meeting_id","started_at_ms"}   first line
//   {"type":"track","track_id","participant_id","identity","name","kind","source","codec",
//    "clock_rate","file","first_rtp_ts","first_frame_wall_ms"}
//   {"type":"sr","track_id","ntp_ms","rtp_ts"}          every RTCP sender report (rtp unwrapped)
//   {"type":"mute","track_id","muted","at_ms"}
//   {"type":"participant","participant_id","name","event":"joined"|"left","at_ms",
//    "joined_meeting_ms" (joined only: when that session joined the meeting)}
//   {"type":"track_end","track_id","at_ms"}
//   {"type":"stopped","at_ms"}                           last line; absent after a crash
// Times are unix milliseconds on the server's clock, except ntp_ms (the sender's clock).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace meet::record {

struct ManifestTrack {
  std::string track_id;
  std::string participant_id;
  std::string identity;
  std::string name;
  bool video = false;        // kind
  std::string source;        // camera | microphone | screen | screen_audio
  std::string codec;         // opus | vp8 | vp9 | h264
  int64_t clock_rate = 0;    // > 0
  std::string file;          // relative to the folder, never absolute, never "..": checked
  int64_t first_rtp_ts = 0;  // unwrapped
  int64_t first_frame_wall_ms = 0;
};

struct ManifestSenderReport {
  size_t track = 0;  // index into Manifest::tracks
  double ntp_ms = 0;
  int64_t rtp_ts = 0;  // unwrapped like the file's timestamps
};

struct ManifestMute {
  size_t track = 0;
  bool muted = false;
  int64_t at_ms = 0;
};

struct ManifestParticipantEvent {
  std::string participant_id;
  std::string name;
  bool joined = false;  // false: left
  int64_t at_ms = 0;
  int64_t joined_meeting_ms = 0;  // joined: when the session joined the meeting (0: unknown)
};

struct ManifestTrackEnd {
  size_t track = 0;
  int64_t at_ms = 0;
};

struct Manifest {
  std::string recording_id;
  std::string room;
  std::optional<std::string> meeting_id;
  int64_t started_at_ms = 0;
  std::optional<int64_t> stopped_at_ms;  // absent: the server stopped without writing it
  std::vector<ManifestTrack> tracks;     // in manifest order
  std::vector<ManifestSenderReport> sender_reports;
  std::vector<ManifestMute> mutes;
  std::vector<ManifestParticipantEvent> participant_events;
  std::vector<ManifestTrackEnd> track_ends;
  // Lines skipped: not JSON, wrong fields, unknown track, duplicate track, over the limits.
  // Unknown types are ignored without counting, as the contract asks. A last line cut by a
  // crash counts here too.
  size_t bad_lines = 0;
};

inline constexpr size_t kMaxManifestLine = 64 * 1024;
inline constexpr size_t kMaxManifestTracks = 4096;

// Parses the whole manifest text. Never throws. Fails only when the first line is not a valid
// "recording" line; every later bad line is skipped and counted in bad_lines.
Result<Manifest, std::string> parse_manifest(std::string_view text);

}  // namespace meet::record
