#include "signal/track_view_message.hpp"

#include "signal/signal_message.hpp"

namespace meet::signal {
namespace {

using nlohmann::json;
constexpr size_t kMaxTrackId = 128;

SignalError bad(std::string message, const json& id) {
  return SignalError{ErrorCode::kBadRequest, std::move(message), id};
}

bool read_pixels(const json& entry, const char* name, uint32_t& into) {
  auto it = entry.find(name);
  if (it == entry.end()) return true;
  if (!it->is_number_unsigned() && !it->is_number_integer()) return false;
  const auto v = it->get<int64_t>();
  if (v < 0 || v > kMaxViewPixels) return false;
  into = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

Result<std::vector<TrackViewEntry>, SignalError> parse_track_views(const json& obj,
                                                                   const json& id) {
  auto it = obj.find("views");
  if (it == obj.end() || !it->is_array() || it->empty() || it->size() > kMaxTrackViews) {
    return make_error(bad("field 'views' must be an array of 1 to 64 entries", id));
  }
  std::vector<TrackViewEntry> out;
  out.reserve(it->size());
  for (const auto& v : *it) {
    if (!v.is_object()) return make_error(bad("each view must be an object", id));
    for (const auto& [key, value] : v.items()) {
      if (key != "track_id" && key != "visible" && key != "width" && key != "height") {
        return make_error(bad("unknown view field '" + key.substr(0, 32) + "'", id));
      }
    }
    TrackViewEntry e;
    auto track = v.find("track_id");
    if (track == v.end() || !track->is_string() || track->get_ref<const std::string&>().empty() ||
        track->get_ref<const std::string&>().size() > kMaxTrackId) {
      return make_error(bad("view field 'track_id' must be a non-empty short string", id));
    }
    e.track_id = track->get<std::string>();
    auto visible = v.find("visible");
    if (visible == v.end() || !visible->is_boolean()) {
      return make_error(bad("view field 'visible' must be a boolean", id));
    }
    e.visible = visible->get<bool>();
    if (!read_pixels(v, "width", e.width) || !read_pixels(v, "height", e.height)) {
      return make_error(bad("view fields 'width' and 'height' must be integers 0..16384", id));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace meet::signal
