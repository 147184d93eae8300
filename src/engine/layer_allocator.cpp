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

std::vector<int> LayerAllocator::allocate(int64_t budget_bps,
                                          std::span<const AllocationRequest> requests) {
  std::vector<int> out(requests.size(), -1);
  std::vector<size_t> order;
  allocate(budget_bps, requests, out, order);
  return out;
}

void LayerAllocator::allocate(int64_t budget_bps, std::span<const AllocationRequest> requests,
                              std::span<int> out, std::vector<size_t>& video) {
  std::fill(out.begin(), out.end(), -1);
  video.clear();
  const bool unlimited = budget_bps <= 0;
  int64_t left = unlimited ? std::numeric_limits<int64_t>::max() : budget_bps;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!requests[i].video) {
      out[i] = 0;
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
  for (size_t i : video) {
    const auto& r = requests[i];
    const int wanted = wanted_layer(r);
    if (wanted < 0) continue;
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
    int chosen = -1;
    int lowest = -1;
    for (int l = wanted; l >= 0; --l) {
      if (!r.layers[l].active) continue;
      lowest = l;
      const double margin = l > r.current_layer ? kUpgradeMargin : 1.0;
      if (unlimited || static_cast<double>(cost[l]) * margin <= static_cast<double>(left)) {
        chosen = l;
        break;
      }
    }
    if (chosen < 0) chosen = lowest;  // always something to see
    out[i] = chosen;
    left -= cost[chosen];
  }
}

}  // namespace meet::engine
