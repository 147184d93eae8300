#include "engine/layer_allocator.hpp"

#include <algorithm>
#include <limits>

namespace meet::engine {

int LayerAllocator::wanted_layer(const AllocationRequest& r) {
  int best = -1;
  for (int i = 0; i < static_cast<int>(r.layer_count); ++i) {
    if (r.layers[i].active) best = i;
  }
  if (best < 0 || r.view_height == 0) return best;
  // The smallest active layer at least as tall as the tile.
  for (int i = 0; i <= best; ++i) {
    const auto& l = r.layers[i];
    if (l.active && l.height != 0 && l.height >= r.view_height) return i;
  }
  return best;
}

std::vector<LayerChoice> LayerAllocator::allocate(int64_t budget_bps,
                                                  std::span<const AllocationRequest> requests) {
  std::vector<LayerChoice> out(requests.size());
  std::vector<size_t> order;
  allocate(budget_bps, requests, out, order);
  return out;
}

int64_t LayerAllocator::choose(const AllocationRequest& r, bool unlimited, int64_t left,
                               LayerChoice& out) {
  const int wanted = wanted_layer(r);
  if (wanted < 0) return 0;
  // What each layer costs: measured, and above the current one at least kStepFloor times
  // the active layer below it (its own rate may still be ramping up).
  std::array<int64_t, 3> cost{};
  int64_t below = 0;
  for (int l = 0; l <= wanted; ++l) {
    const auto& layer = r.layers[l];
    cost[l] = layer.bitrate_bps;
    if (!layer.active) continue;
    if (l > r.current_layer) {
      cost[l] = std::max(cost[l], static_cast<int64_t>(kStepFloor * static_cast<double>(below)));
    }
    below = cost[l];
  }
  // Temporal layers 0..t of layer l: its cost scaled by their measured share.
  auto cost_of = [&](int l, int t) {
    const auto& layer = r.layers[l];
    if (t + 1 >= layer.temporal_layers || layer.bitrate_bps <= 0) return cost[l];
    const double share = static_cast<double>(layer.temporal_bps[static_cast<size_t>(t)]) /
                         static_cast<double>(layer.bitrate_bps);
    return static_cast<int64_t>(static_cast<double>(cost[l]) * std::min(share, 1.0));
  };
  const auto above_current = [&](int l, int t) {
    if (l != r.current_layer) return l > r.current_layer;
    const int top = std::max(1, int{r.layers[l].temporal_layers}) - 1;
    return t > std::min(r.current_temporal, top);
  };
  int lowest_active = -1;
  for (int l = 0; l <= wanted && lowest_active < 0; ++l) {
    if (r.layers[l].active) lowest_active = l;
  }
  int lowest = -1;
  for (int l = wanted; l >= 0; --l) {
    const auto& layer = r.layers[l];
    if (!layer.active) continue;
    lowest = l;
    // Above the lowest layer, at most kMaxTemporalDrop temporal layers go: a quarter of a
    // camera's frame rate is a slide show, and the smaller layer at full rate looks better.
    const int top = std::max(1, int{layer.temporal_layers}) - 1;
    const int floor_t = l == lowest_active ? 0 : std::max(0, top - kMaxTemporalDrop);
    for (int t = top; t >= floor_t; --t) {
      const double margin = above_current(l, t) ? kUpgradeMargin : 1.0;
      const int64_t c = cost_of(l, t);
      if (unlimited || static_cast<double>(c) * margin <= static_cast<double>(left)) {
        out.spatial = l;
        out.temporal = t + 1 >= layer.temporal_layers ? LayerChoice::kAllTemporal : t;
        return c;
      }
    }
  }
  // Nothing fits: the cheapest picture there is, the lowest layer's base frame rate.
  out.spatial = lowest;
  out.temporal = r.layers[lowest].temporal_layers > 1 ? 0 : LayerChoice::kAllTemporal;
  return cost_of(lowest, 0);
}

void LayerAllocator::allocate(int64_t budget_bps, std::span<const AllocationRequest> requests,
                              std::span<LayerChoice> out, std::vector<size_t>& video) {
  std::fill(out.begin(), out.end(), LayerChoice{});
  video.clear();
  const bool unlimited = budget_bps <= 0;
  int64_t left = unlimited ? std::numeric_limits<int64_t>::max() : budget_bps;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!requests[i].video) {
      out[i].spatial = 0;
      left -= requests[i].audio_bps;
    } else if (requests[i].visible) {
      video.push_back(i);
    }
  }
  auto area = [&](size_t i) {
    const auto& r = requests[i];
    if (r.view_height == 0) return std::numeric_limits<uint64_t>::max();
    return uint64_t{r.view_width} * r.view_height;
  };
  auto before = [&](size_t a, size_t b) {
    if (requests[a].screen != requests[b].screen) return requests[a].screen;
    return area(a) > area(b);
  };
  // Insertion sort, stable: a handful of tracks, and std::stable_sort would allocate.
  for (size_t i = 1; i < video.size(); ++i) {
    for (size_t j = i; j > 0 && before(video[j], video[j - 1]); --j) {
      std::swap(video[j], video[j - 1]);
    }
  }
  for (size_t i : video) left -= choose(requests[i], unlimited, left, out[i]);
}

}  // namespace meet::engine
