#pragma once
// The layout over time: the timeline cut into segments in which the same people are present,
// the same screen is shared and every camera is either on or muted throughout; each segment
// lists its tiles. Pure: from a ManifestTimeline to segments, on the output's frame grid.
#include <cstdint>
#include <string>
#include <vector>

#include "record/layout.hpp"
#include "record/manifest_timeline.hpp"

namespace meet::record {

struct PlannedTile {
  Rect rect;
  size_t participant = 0;  // index into ManifestTimeline::participants
  bool screen = false;
  std::vector<size_t> videos;  // ManifestTimeline::tracks to show in it (none: a name tile)
  std::string label;
  bool operator==(const PlannedTile&) const = default;
};

// Frames [start_frame, end_frame) of the output.
struct LayoutSegment {
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  std::vector<PlannedTile> tiles;
};

// At most this many camera tiles are shown (the first to arrive); a strip beside a screen
// share holds at most kMaxStripTiles.
inline constexpr size_t kMaxGridTiles = 25;
inline constexpr size_t kMaxStripTiles = 8;

// Covers [0, duration) without gaps; adjacent segments with the same tiles are merged.
std::vector<LayoutSegment> plan_layout(const ManifestTimeline& timeline, int width, int height,
                                       int fps);

}  // namespace meet::record
