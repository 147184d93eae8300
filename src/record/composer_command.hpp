#pragma once
// The ffmpeg command line that composes a capture: pure functions from the timeline and the
// layout plan to an argv (no shell ever sees it).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "record/composer.hpp"
#include "record/layout_plan.hpp"
#include "record/manifest_timeline.hpp"

namespace meet::record {

struct ComposeCommandInput {
  const ManifestTimeline& timeline;
  const std::vector<LayoutSegment>& segments;
  const ComposeOptions& options;
  std::filesystem::path folder;    // the capture folder (track files are relative to it)
  std::filesystem::path font;      // empty: drawtext's fontconfig default
  std::filesystem::path cjk_font;  // for names with Han, Kana or Hangul; empty: none installed
  std::filesystem::path output;    // the MP4 to write
};

// argv[0] is options.ffmpeg. Writes progress lines (-progress pipe:1) to stdout.
std::vector<std::string> build_compose_command(const ComposeCommandInput& in);

// Escapes a filter option value for both levels of ffmpeg's filter graph syntax (the option
// list, then the graph): every character that either level treats specially gets a
// backslash, so the filter sees exactly `value`.
std::string escape_filter_value(std::string_view value);

// A display name made safe for drawtext: control characters become spaces, invalid UTF-8
// bytes become U+FFFD, and names longer than max_chars code points end in an ellipsis.
std::string label_text(std::string_view name, size_t max_chars);

// True when `text` (UTF-8) holds Han, Kana or Hangul, which DejaVu does not cover.
bool needs_cjk_font(std::string_view text);

// The setpts expression that maps a track's file pts to the timeline (seconds, PTS and TB
// as in ffmpeg's expression language), for setpts and asetpts.
std::string pts_expression(const TimelineTrack& track);

}  // namespace meet::record
