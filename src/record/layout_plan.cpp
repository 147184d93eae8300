#include "record/layout_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace meet::record {
namespace {

bool covers(const std::vector<Interval>& v, int64_t t) {
  return std::any_of(v.begin(), v.end(),
                     [t](const Interval& i) { return i.start_ms <= t && t < i.end_ms; });
}

bool overlaps(const Interval& i, int64_t a, int64_t b) {
  return i.start_ms < b && a < i.end_ms;
}

int64_t to_frame(int64_t ms, int fps) {
  return static_cast<int64_t>(std::llround(static_cast<double>(ms) * fps / 1000.0));
}

// Every time at which the picture's structure may change.
std::vector<int64_t> cut_points(const ManifestTimeline& tl, int fps) {
  std::vector<int64_t> frames{0, to_frame(tl.duration_ms, fps)};
  auto add = [&](int64_t ms) { frames.push_back(to_frame(ms, fps)); };
  for (const auto& p : tl.participants) {
    for (const auto& i : p.present) add(i.start_ms), add(i.end_ms);
  }
  for (const auto& t : tl.tracks) {
    if (!t.video) continue;
    for (const auto& i : t.muted) add(i.start_ms), add(i.end_ms);
    if (t.screen) add(t.span.start_ms), add(t.span.end_ms);
  }
  int64_t last = frames[1];
  for (auto& f : frames) f = std::clamp<int64_t>(f, 0, last);
  std::sort(frames.begin(), frames.end());
  frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
  return frames;
}

class Planner {
 public:
  Planner(const ManifestTimeline& tl, int width, int height, int fps)
      : tl_(tl), width_(width), height_(height), fps_(fps) {
    // Tiles in order of arrival into the meeting, the earliest first (when a manifest does
    // not say, in order of first appearance in the recording).
    order_.resize(tl.participants.size());
    std::iota(order_.begin(), order_.end(), size_t{0});
    auto first = [&](size_t p) {
      const auto& v = tl.participants[p].present;
      return std::pair(tl.participants[p].joined_meeting_ms,
                       v.empty() ? INT64_MAX : v.front().start_ms);
    };
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return first(a) < first(b); });
  }

  std::vector<PlannedTile> tiles(int64_t a_frame, int64_t b_frame) const {
    int64_t a = a_frame * 1000 / fps_, b = b_frame * 1000 / fps_;
    int64_t mid = (a + b) / 2;
    std::vector<size_t> people;
    for (size_t p : order_) {
      if (covers(tl_.participants[p].present, mid)) people.push_back(p);
    }
    std::vector<size_t> screens;
    for (size_t i = 0; i < tl_.tracks.size(); ++i) {
      const auto& t = tl_.tracks[i];
      if (t.video && t.screen && overlaps(t.span, mid, mid + 1) && !covers(t.muted, mid)) {
        screens.push_back(i);
      }
    }
    bool screen = !screens.empty();
    people.resize(std::min(people.size(), screen ? kMaxStripTiles : kMaxGridTiles));
    auto rects = layout_tiles(people.size(), screen, width_, height_);
    std::vector<PlannedTile> out;
    size_t r = 0;
    if (screen) {
      size_t s = screens.front();
      size_t p = tl_.tracks[s].participant;
      out.push_back({rects[r++], p, true, {s}, tl_.participants[p].name + " (screen)"});
    }
    for (size_t p : people) {
      PlannedTile tile{rects[r++], p, false, {}, tl_.participants[p].name};
      for (size_t i = 0; i < tl_.tracks.size(); ++i) {
        const auto& t = tl_.tracks[i];
        if (t.participant == p && t.video && !t.screen && overlaps(t.span, a, b) &&
            !covers(t.muted, mid)) {
          tile.videos.push_back(i);
        }
      }
      out.push_back(std::move(tile));
    }
    return out;
  }

 private:
  const ManifestTimeline& tl_;
  int width_, height_, fps_;
  std::vector<size_t> order_;
};

}  // namespace

std::vector<LayoutSegment> plan_layout(const ManifestTimeline& timeline, int width, int height,
                                       int fps) {
  std::vector<LayoutSegment> out;
  auto cuts = cut_points(timeline, fps);
  Planner planner(timeline, width, height, fps);
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    auto tiles = planner.tiles(cuts[i], cuts[i + 1]);
    if (!out.empty() && out.back().tiles == tiles) {
      out.back().end_frame = cuts[i + 1];
    } else {
      out.push_back({cuts[i], cuts[i + 1], std::move(tiles)});
    }
  }
  return out;
}

}  // namespace meet::record
