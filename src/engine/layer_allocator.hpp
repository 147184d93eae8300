#pragma once
// Shares one subscriber connection's bandwidth estimate among the tracks it receives (issue 17):
// audio first, then screen share, then camera video by the size at which the client shows each
// tile, largest first. Each video track gets one spatial layer: the smallest that covers the
// tile (or the best one when the size is unknown), lowered while it does not fit what is left.
// Hidden video is paused; a shown one never gets less than its lowest active layer. Moving up
// needs kUpgradeMargin of headroom, so the choice does not flap at the edge of the estimate,
// and counts a higher layer at no less than kStepFloor times the one below it: a publisher
// ramps a layer up over seconds after it starts (or resumes) it, and its low measured rate then
// would send a subscriber on a slow link a layer it cannot take.
// Pure logic, no clock: the caller passes measured bitrates.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace meet::engine {

struct LayerOption {
  int64_t bitrate_bps = 0;  // measured at the publisher
  uint16_t height = 0;      // from its last keyframe; 0 unknown
  bool active = false;      // the publisher sends it
};

struct AllocationRequest {
  bool video = true;
  bool screen = false;
  bool visible = true;
  uint32_t view_height = 0;  // CSS pixels; 0 unknown
  uint32_t view_width = 0;
  int current_layer = -1;
  int64_t audio_bps = 0;  // audio: what it costs
  // Video: lowest quality first. A fixed array: the media worker fills these a few times a
  // second and must not allocate.
  std::array<LayerOption, 3> layers{};
  uint8_t layer_count = 0;
};

class LayerAllocator {
 public:
  static constexpr double kUpgradeMargin = 1.25;
  static constexpr double kStepFloor = 2.0;

  // One layer per request (-1: paused or nothing to send; audio gets 0). `budget_bps` 0 means
  // no estimate yet: every track gets what its size asks for.
  static std::vector<int> allocate(int64_t budget_bps, std::span<const AllocationRequest> requests);
  // The same into `out` (one per request), with `order` as scratch: no allocation once their
  // capacity suffices.
  static void allocate(int64_t budget_bps, std::span<const AllocationRequest> requests,
                       std::span<int> out, std::vector<size_t>& order);

 private:
  static int wanted_layer(const AllocationRequest& r);
};

}  // namespace meet::engine
