#pragma once
// Shares one subscriber connection's bandwidth estimate among the tracks it receives (issue 17):
// audio first, then screen share, then camera video by the size at which the client shows each
// tile, largest first. Each video track gets one spatial layer: the smallest that covers the
// tile (or the best one when the size is unknown), lowered while it does not fit what is left;
// and of it the temporal layers that fit: before going down a spatial layer it tries the same
// one at half and a quarter of the frame rate (VP8 L1T3), a sharper picture at fewer frames.
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
  int64_t bitrate_bps = 0;  // measured at the publisher, all its temporal layers
  uint16_t height = 0;      // from its last keyframe; 0 unknown
  bool active = false;      // the publisher sends it
  // Temporal layers 0..t together (t < temporal_layers); 1 layer: none to leave out.
  std::array<int64_t, 3> temporal_bps{};
  uint8_t temporal_layers = 1;
};

// What one track gets: a spatial layer (-1: paused or nothing to send; audio gets 0) and the
// highest temporal layer of it to forward (kAllTemporal: all).
struct LayerChoice {
  static constexpr int kAllTemporal = 3;
  int spatial = -1;
  int temporal = kAllTemporal;
  bool operator==(const LayerChoice&) const = default;
};

struct AllocationRequest {
  bool video = true;
  bool screen = false;
  bool visible = true;
  uint32_t view_height = 0;  // CSS pixels; 0 unknown
  uint32_t view_width = 0;
  int current_layer = -1;
  int current_temporal = LayerChoice::kAllTemporal;
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
  // Temporal layers a layer above the lowest may lose before the next one down is taken.
  static constexpr int kMaxTemporalDrop = 1;

  // One choice per request. `budget_bps` 0 means no estimate yet: every track gets what its
  // size asks for, at its full frame rate.
  static std::vector<LayerChoice> allocate(int64_t budget_bps,
                                           std::span<const AllocationRequest> requests);
  // The same into `out` (one per request), with `order` as scratch: no allocation once their
  // capacity suffices.
  static void allocate(int64_t budget_bps, std::span<const AllocationRequest> requests,
                       std::span<LayerChoice> out, std::vector<size_t>& order);

 private:
  static int wanted_layer(const AllocationRequest& r);
  // Picks the best (spatial, temporal) of one video track within `left`; returns its cost.
  static int64_t choose(const AllocationRequest& r, bool unlimited, int64_t left, LayerChoice& out);
};

}  // namespace meet::engine
