#pragma once
// The `track_view` message (docs/protocol.md): how a client shows each remote track it
// receives, so the server pauses hidden video and sends a layer that fits each tile.
//   {"type":"track_view","views":[{"track_id":"t_1","visible":true,"width":640,"height":360}]}
// Parsed strictly: 1..64 entries, each an object with exactly `track_id` (string),
// `visible` (boolean) and optional `width`/`height` (integers 0..16384, CSS pixels).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace meet::signal {

struct SignalError;

struct TrackViewEntry {
  std::string track_id;
  bool visible = true;
  uint32_t width = 0;
  uint32_t height = 0;
};

inline constexpr size_t kMaxTrackViews = 64;
inline constexpr uint32_t kMaxViewPixels = 16384;

// The `views` field of `obj`; bad_request (with `id`) when it breaks the rules above.
Result<std::vector<TrackViewEntry>, SignalError> parse_track_views(const nlohmann::json& obj,
                                                                   const nlohmann::json& id);

}  // namespace meet::signal
