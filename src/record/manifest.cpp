#include "record/manifest.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <unordered_map>

namespace meet::record {
namespace {

using nlohmann::json;

constexpr size_t kMaxIdLength = 256;
constexpr size_t kMaxNameLength = 1024;
// Times outside +-10^15 ms (31 000 years) are garbage; keeping them out keeps sums exact.
constexpr int64_t kMaxTime = 1'000'000'000'000'000;

std::optional<std::string> str(const json& j, const char* key, size_t max = kMaxIdLength) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max) return std::nullopt;
  return s;
}

std::optional<int64_t> integer(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (it->is_number_integer()) {
    if (it->is_number_unsigned()) {
      auto v = it->get<uint64_t>();
      if (v > static_cast<uint64_t>(kMaxTime)) return std::nullopt;
      return static_cast<int64_t>(v);
    }
    auto v = it->get<int64_t>();
    if (v > kMaxTime || v < -kMaxTime) return std::nullopt;
    return v;
  }
  if (it->is_number_float()) {
    double d = it->get<double>();
    if (!(d <= static_cast<double>(kMaxTime) && d >= -static_cast<double>(kMaxTime))) {
      return std::nullopt;
    }
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> number(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  double d = it->get<double>();
  if (!(d <= static_cast<double>(kMaxTime) && d >= -static_cast<double>(kMaxTime))) {
    return std::nullopt;
  }
  return d;
}

// A track file must stay inside the capture folder.
bool safe_relative_path(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.find('\0') != std::string::npos) return false;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    std::string_view part(p.data() + start, end - start);
    if (part == ".." || part.empty()) return false;
    start = end + 1;
  }
  return true;
}

class Reader {
 public:
  explicit Reader(Manifest& m) : m_(m) {}

  // Returns false when the line is bad (counted by the caller).
  bool line(const json& j) {
    auto type = str(j, "type");
    if (!type) return false;
    if (*type == "track") return track(j);
    if (*type == "sr") return sender_report(j);
    if (*type == "mute") return mute(j);
    if (*type == "participant") return participant(j);
    if (*type == "track_end") return track_end(j);
    if (*type == "stopped") {
      auto at = integer(j, "at_ms");
      if (!at) return false;
      m_.stopped_at_ms = *at;
      return true;
    }
    return true;  // unknown types are ignored (contract A)
  }

 private:
  std::optional<size_t> find_track(const json& j) {
    auto id = str(j, "track_id");
    if (!id) return std::nullopt;
    auto it = index_.find(*id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

  bool track(const json& j) {
    ManifestTrack t;
    auto id = str(j, "track_id"), pid = str(j, "participant_id"), identity = str(j, "identity");
    auto name = str(j, "name", kMaxNameLength), kind = str(j, "kind"), source = str(j, "source");
    auto codec = str(j, "codec"), file = str(j, "file", 1024);
    auto clock = integer(j, "clock_rate"), first_rtp = integer(j, "first_rtp_ts");
    auto first_wall = integer(j, "first_frame_wall_ms");
    if (!id || id->empty() || !pid || !kind || !source || !codec || !file || !clock || !first_rtp ||
        !first_wall) {
      return false;
    }
    if (*kind != "audio" && *kind != "video") return false;
    if (*clock <= 0 || *clock > 1'000'000) return false;
    if (!safe_relative_path(*file)) return false;
    if (index_.count(*id) || m_.tracks.size() >= kMaxManifestTracks) return false;
    t.track_id = *id;
    t.participant_id = *pid;
    t.identity = identity ? *identity : *pid;
    t.name = name ? *name : t.identity;
    t.video = *kind == "video";
    t.source = *source;
    t.codec = *codec;
    t.clock_rate = *clock;
    t.file = *file;
    t.first_rtp_ts = *first_rtp;
    t.first_frame_wall_ms = *first_wall;
    index_.emplace(t.track_id, m_.tracks.size());
    m_.tracks.push_back(std::move(t));
    return true;
  }

  bool sender_report(const json& j) {
    auto track = find_track(j);
    auto ntp = number(j, "ntp_ms");
    auto rtp = integer(j, "rtp_ts");
    if (!track || !ntp || !rtp) return false;
    m_.sender_reports.push_back({*track, *ntp, *rtp});
    return true;
  }

  bool mute(const json& j) {
    auto track = find_track(j);
    auto at = integer(j, "at_ms");
    auto it = j.find("muted");
    if (!track || !at || it == j.end() || !it->is_boolean()) return false;
    m_.mutes.push_back({*track, it->get<bool>(), *at});
    return true;
  }

  bool participant(const json& j) {
    auto pid = str(j, "participant_id"), name = str(j, "name", kMaxNameLength);
    auto event = str(j, "event");
    auto at = integer(j, "at_ms");
    if (!pid || !event || !at || (*event != "joined" && *event != "left")) return false;
    auto joined_meeting = integer(j, "joined_meeting_ms");  // absent in older manifests
    m_.participant_events.push_back({*pid, name ? *name : std::string(), *event == "joined", *at,
                                     joined_meeting ? *joined_meeting : 0});
    return true;
  }

  bool track_end(const json& j) {
    auto track = find_track(j);
    auto at = integer(j, "at_ms");
    if (!track || !at) return false;
    m_.track_ends.push_back({*track, *at});
    return true;
  }

  Manifest& m_;
  std::unordered_map<std::string, size_t> index_;
};

std::string_view next_line(std::string_view& text) {
  size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

Result<Manifest, std::string> parse_manifest(std::string_view text) {
  Manifest m;
  std::string_view first;
  while (!text.empty() && blank(first)) first = next_line(text);
  if (blank(first)) return make_error(std::string("manifest is empty"));
  if (first.size() > kMaxManifestLine) return make_error(std::string("first line too long"));
  json head = json::parse(first, nullptr, false);
  if (head.is_discarded() || !head.is_object()) {
    return make_error(std::string("first line is not a JSON object"));
  }
  auto type = str(head, "type"), id = str(head, "recording_id"), room = str(head, "room");
  auto started = integer(head, "started_at_ms");
  if (!type || *type != "recording" || !id || !room || !started) {
    return make_error(std::string("first line is not a valid recording line"));
  }
  m.recording_id = *id;
  m.room = *room;
  m.meeting_id = str(head, "meeting_id");
  m.started_at_ms = *started;
  Reader reader(m);
  while (!text.empty()) {
    std::string_view line = next_line(text);
    if (blank(line)) continue;
    if (line.size() > kMaxManifestLine) {
      ++m.bad_lines;
      continue;
    }
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !reader.line(j)) ++m.bad_lines;
  }
  return m;
}

}  // namespace meet::record
