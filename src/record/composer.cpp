#include "record/composer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

#include "common/log.hpp"
#include "record/composer_command.hpp"
#include "record/composer_process.hpp"
#include "record/layout_plan.hpp"
#include "record/manifest.hpp"
#include "record/manifest_timeline.hpp"

namespace meet::record {
namespace {

namespace fs = std::filesystem;

constexpr uintmax_t kMaxManifestBytes = 512ull * 1024 * 1024;

const char* const kFonts[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
};

// Fonts for names DejaVu cannot draw (Han, Kana, Hangul), best first. Optional packages:
// fonts-noto-cjk, fonts-droid-fallback, fonts-wqy-zenhei.
const char* const kCjkFonts[] = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
};

fs::path find_cjk_font() {
  std::error_code ec;
  for (const char* f : kCjkFonts) {
    if (fs::exists(f, ec)) return f;
  }
  return {};
}

fs::path find_font(const fs::path& configured) {
  std::error_code ec;
  if (!configured.empty()) return fs::exists(configured, ec) ? configured : fs::path();
  for (const char* f : kFonts) {
    if (fs::exists(f, ec)) return f;
  }
  return {};  // drawtext falls back on fontconfig's default
}

fs::path ffprobe_next_to(const fs::path& ffmpeg) {
  if (!ffmpeg.has_parent_path()) return "ffprobe";
  return ffmpeg.parent_path() / "ffprobe";
}

Result<std::string, std::string> read_file(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return make_error("cannot read " + p.string() + ": " + ec.message());
  if (size > kMaxManifestBytes) return make_error("manifest too large: " + p.string());
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) return make_error("cannot read " + p.string());
  return s.str();
}

// The last packet time of a track file cut short by a crash, in its pts milliseconds.
std::optional<int64_t> probe_last_pts(const fs::path& ffprobe, const fs::path& file) {
  std::optional<double> last;
  auto r = run_process({ffprobe.string(), "-v", "error", "-select_streams", "0", "-show_entries",
                        "packet=pts_time", "-of", "csv=p=0", file.string()},
                       [&](std::string_view line) {
                         double v = 0;
                         auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
                         if (ec == std::errc() && std::isfinite(v))
                           last = std::max(last.value_or(v), v);
                       });
  if (!r || !last) return std::nullopt;
  return static_cast<int64_t>(std::ceil(*last * 1000));
}

std::string last_line(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  size_t nl = s.rfind('\n');
  return std::string(nl == std::string_view::npos ? s : s.substr(nl + 1));
}

std::optional<double> progress_time_us(std::string_view line) {
  constexpr std::string_view key = "out_time_us=";
  if (line.substr(0, key.size()) != key) return std::nullopt;
  line.remove_prefix(key.size());
  int64_t v = 0;
  auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return static_cast<double>(v);
}

}  // namespace

Result<ComposeResult, std::string> compose(const fs::path& folder, const ComposeOptions& options,
                                           std::function<void(double)> progress) {
  auto log = logger("record");
  if (options.width < 64 || options.height < 64 || options.width > 7680 || options.height > 4320 ||
      options.fps < 1 || options.fps > 120) {
    return make_error(std::string("bad compose options"));
  }
  auto text = read_file(folder / "manifest.jsonl");
  if (!text) return make_error(text.error());
  auto manifest = parse_manifest(text.value());
  if (!manifest) return make_error("bad manifest: " + manifest.error());
  const Manifest& m = manifest.value();
  if (m.bad_lines > 0)
    log->warn("manifest lines skipped folder={} count={}", folder.string(), m.bad_lines);

  // Without a "stopped" line the server died: the files say how far the capture got.
  std::vector<std::optional<int64_t>> last_pts(m.tracks.size());
  if (!m.stopped_at_ms) {
    auto ffprobe = ffprobe_next_to(options.ffmpeg);
    for (size_t i = 0; i < m.tracks.size(); ++i) {
      bool ended = std::any_of(m.track_ends.begin(), m.track_ends.end(),
                               [i](const ManifestTrackEnd& e) { return e.track == i; });
      if (!ended) last_pts[i] = probe_last_pts(ffprobe, folder / m.tracks[i].file);
    }
  }
  // A track whose file never appeared (nothing captured) is left out.
  Manifest present = m;
  {
    std::error_code ec;
    for (auto& t : present.tracks) {
      if (!fs::exists(folder / t.file, ec)) t.file.clear();
    }
  }
  auto timeline = build_timeline(present, last_pts);
  std::erase_if(timeline.tracks, [](const TimelineTrack& t) { return t.file.empty(); });
  if (timeline.duration_ms <= 0) return make_error(std::string("nothing was recorded"));
  auto segments = plan_layout(timeline, options.width, options.height, options.fps);

  fs::path output = folder / "recording.mp4";
  fs::path partial = folder / "recording.mp4.part";
  auto argv = build_compose_command(
      {timeline, segments, options, folder, find_font(options.font), find_cjk_font(), partial});
  if (log->should_log(spdlog::level::debug)) {
    std::string cmd;
    for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
    log->debug("compose command folder={} argv={}", folder.string(), cmd);
  }
  double total_us =
      static_cast<double>(segments.empty() ? 0 : segments.back().end_frame) * 1e6 / options.fps;
  log->info("compose started folder={} tracks={} segments={} duration_ms={}", folder.string(),
            timeline.tracks.size(), segments.size(), timeline.duration_ms);
  double reported = -1;
  auto run = run_process(argv, [&](std::string_view line) {
    auto us = progress_time_us(line);
    if (!us || total_us <= 0 || !progress) return;
    double f = std::clamp(*us / total_us, 0.0, 0.999);
    if (f - reported >= 0.01) {
      reported = f;
      progress(f);
    }
  });
  std::error_code ec;
  if (!run) {
    fs::remove(partial, ec);
    return make_error(run.error());
  }
  if (run->exit_code != 0) {
    fs::remove(partial, ec);
    log->warn("compose failed folder={} exit={} stderr={}", folder.string(), run->exit_code,
              run->stderr_tail);
    return make_error("ffmpeg failed (exit " + std::to_string(run->exit_code) +
                      "): " + last_line(run->stderr_tail));
  }
  fs::rename(partial, output, ec);
  if (ec) return make_error("cannot rename the composed file: " + ec.message());
  if (progress) progress(1.0);

  ComposeResult result;
  result.mp4 = output;
  result.duration_ms = total_us > 0 ? static_cast<int64_t>(std::llround(total_us / 1000)) : 0;
  std::vector<std::pair<int64_t, std::string>> people;
  for (const auto& p : timeline.participants) {
    if (!p.present.empty()) people.emplace_back(p.present.front().start_ms, p.name);
  }
  std::stable_sort(people.begin(), people.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [at, name] : people) result.participants.push_back(std::move(name));
  log->info("compose finished folder={} duration_ms={}", folder.string(), result.duration_ms);
  return result;
}

}  // namespace meet::record
