#include "record/composer_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace meet::record {
namespace {

constexpr const char* kCanvasColor = "0x101418";
constexpr const char* kTileColor = "0x2b3038";
// A segment starts with the last frame a track sent before it: look back this far for it
// (a screen share sends a frame only when its picture changes).
constexpr double kCameraLookbackS = 1.0;
constexpr double kScreenLookbackS = 10.0;

std::string escape(std::string_view s, std::string_view specials) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    if (specials.find(c) != std::string_view::npos || c == ' ' || c == '\t') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string num(double v) {
  return fmt::format("{:.6f}", v);
}

std::string rate(double v) {
  return fmt::format("{:.9f}", v);
}

// Output label names are ours: letters, digits and underscores only.
std::string label(std::string_view kind, size_t a, size_t b = SIZE_MAX, size_t c = SIZE_MAX) {
  std::string s = fmt::format("[{}{}", kind, a);
  if (b != SIZE_MAX) s += fmt::format("_{}", b);
  if (c != SIZE_MAX) s += fmt::format("_{}", c);
  return s + "]";
}

class GraphWriter {
 public:
  explicit GraphWriter(const ComposeCommandInput& in) : in_(in) {}

  std::vector<std::string> argv() {
    const auto& o = in_.options;
    std::vector<std::string> a{
        o.ffmpeg.string(), "-hide_banner", "-nostdin", "-nostats", "-loglevel",
        "error",           "-progress",    "pipe:1",   "-y",       "-copyts"};
    collect_inputs();
    for (size_t t : inputs_) {
      // Resolution changes go through the graph unchanged: scale fits each frame into its
      // tile and overlay centres it (a graph reinit would restart the segment sources).
      if (in_.timeline.tracks[t].video) a.insert(a.end(), {"-reinit_filter", "0"});
      a.insert(a.end(), {"-i", (in_.folder / in_.timeline.tracks[t].file).string()});
    }
    a.insert(a.end(), {"-filter_complex",
                       video_graph(),
                       "-filter_complex",
                       audio_graph(),
                       "-map",
                       "[vout]",
                       "-map",
                       "[aout]",
                       "-c:v",
                       "libx264",
                       "-preset",
                       "veryfast",
                       "-crf",
                       "23",
                       "-pix_fmt",
                       "yuv420p",
                       "-r",
                       std::to_string(o.fps),
                       "-c:a",
                       "aac",
                       "-b:a",
                       "128k",
                       "-ar",
                       "48000",
                       "-ac",
                       "2",
                       "-t",
                       num(duration_s()),
                       "-movflags",
                       "+faststart",
                       "-f",
                       "mp4",
                       in_.output.string()});
    return a;
  }

 private:
  double duration_s() const {
    if (in_.segments.empty()) return 0;
    return static_cast<double>(in_.segments.back().end_frame) / in_.options.fps;
  }

  void collect_inputs() {
    std::set<size_t> video;
    for (const auto& s : in_.segments) {
      for (const auto& tile : s.tiles) video.insert(tile.videos.begin(), tile.videos.end());
    }
    for (size_t i = 0; i < in_.timeline.tracks.size(); ++i) {
      if (video.count(i) || !in_.timeline.tracks[i].video) {
        input_of_.emplace(i, inputs_.size());
        inputs_.push_back(i);
      }
    }
    for (size_t t : video) {
      for (const auto& s : in_.segments) {
        for (const auto& tile : s.tiles) {
          if (std::count(tile.videos.begin(), tile.videos.end(), t)) ++uses_[t];
        }
      }
    }
  }

  // Each video input is placed on the timeline once and split into one branch per use.
  std::string video_sources() {
    std::string g;
    for (const auto& [t, n] : uses_) {
      g += fmt::format("[{}:v]setpts={},split={}", input_of_.at(t),
                       escape_filter_value(pts_expression(in_.timeline.tracks[t])), n);
      for (size_t i = 0; i < n; ++i) g += label("v", t, i);
      g += ";";
    }
    return g;
  }

  std::string drawtext(const PlannedTile& tile) const {
    int size = std::clamp(tile.rect.h / 12, 12, 32);
    int pad = std::max(4, size / 3);
    size_t max_chars = static_cast<size_t>(std::max(4, (tile.rect.w - 4 * pad) * 10 / (size * 6)));
    std::string f = "drawtext=";
    const auto& font =
        !in_.cjk_font.empty() && needs_cjk_font(tile.label) ? in_.cjk_font : in_.font;
    if (!font.empty()) f += "fontfile=" + escape_filter_value(font.string()) + ":";
    f += fmt::format(
        "expansion=none:text={}:fontsize={}:fontcolor=white:box=1:boxcolor=black@0.55:"
        "boxborderw={}:x={}:y={}-th",
        escape_filter_value(label_text(tile.label, max_chars)), size, pad, tile.rect.x + 2 * pad,
        tile.rect.y + tile.rect.h - 2 * pad);
    return f;
  }

  std::string segment(size_t s_index) {
    const auto& s = in_.segments[s_index];
    const int fps = in_.options.fps;
    const int64_t frames = s.end_frame - s.start_frame;
    std::string g;
    // The overlays' inputs: each track cut to the segment (plus its look-back), starting at 0.
    std::string inputs;
    size_t n = 0;
    for (const auto& tile : s.tiles) {
      for (size_t t : tile.videos) {
        const auto& track = in_.timeline.tracks[t];
        double back = track.screen ? kScreenLookbackS : kCameraLookbackS;
        double start = static_cast<double>(s.start_frame) / fps;
        // Ends at the segment's last frame, so the overlay never outlives its main input.
        double end = static_cast<double>(s.end_frame - 1) / fps + 0.0005;
        g += fmt::format(
            "{}trim=start={}:end={},setpts=PTS-{}/TB,"
            "scale=w={}:h={}:force_original_aspect_ratio=decrease{};",
            label("v", t, next_use_[t]++), num(std::max(0.0, start - back)), num(end), num(start),
            tile.rect.w, tile.rect.h, label("o", s_index, n++));
      }
    }
    g += fmt::format("color=c={}:s={}x{}:r={},trim=end_frame={},format=yuv420p", kCanvasColor,
                     in_.options.width, in_.options.height, fps, frames);
    for (const auto& tile : s.tiles) {
      g += fmt::format(",drawbox=x={}:y={}:w={}:h={}:color={}:t=fill", tile.rect.x, tile.rect.y,
                       tile.rect.w, tile.rect.h, kTileColor);
    }
    std::string current = label("c", s_index, 0);
    g += current + ";";
    n = 0;
    for (const auto& tile : s.tiles) {
      for (size_t i = 0; i < tile.videos.size(); ++i, ++n) {
        std::string next = label("c", s_index, n + 1);
        g += fmt::format("{}{}overlay=x={}+({}-w)/2:y={}+({}-h)/2:eof_action=pass{};", current,
                         label("o", s_index, n), tile.rect.x, tile.rect.w, tile.rect.y, tile.rect.h,
                         next);
        current = next;
      }
    }
    g += current + "null";
    for (const auto& tile : s.tiles) g += "," + drawtext(tile);
    g += label("s", s_index) + ";";
    return g;
  }

  std::string video_graph() {
    std::string g = video_sources();
    for (size_t i = 0; i < in_.segments.size(); ++i) g += segment(i);
    if (in_.segments.empty()) {
      // Nothing at all: one black frame keeps the output valid.
      return fmt::format("color=c={}:s={}x{}:r={},trim=end_frame=1,format=yuv420p[vout]",
                         kCanvasColor, in_.options.width, in_.options.height, in_.options.fps);
    }
    for (size_t i = 0; i < in_.segments.size(); ++i) g += label("s", i);
    g += fmt::format("concat=n={}:v=1:a=0,format=yuv420p[vout]", in_.segments.size());
    return g;
  }

  // Every audio track placed on the timeline: gaps (mute, DTX, loss) filled with silence by
  // aresample, which also stretches a track whose sender delivered fewer samples than time
  // passed (up to 5 %: 2400 samples a second) rather than leaving holes, then mixed and padded
  // to the video's length.
  std::string audio_graph() {
    std::string g;
    std::string mix;
    size_t n = 0;
    for (size_t t : inputs_) {
      const auto& track = in_.timeline.tracks[t];
      if (track.video) continue;
      g += fmt::format(
          "[{}:a]asetpts={},aresample=48000:async=2400:first_pts=0,"
          "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo{};",
          input_of_.at(t), escape_filter_value(pts_expression(track)), label("a", t));
      mix += label("a", t);
      ++n;
    }
    std::string d = num(duration_s());
    if (n == 0) return fmt::format("anullsrc=r=48000:cl=stereo,atrim=end={}[aout]", d);
    g += mix;
    if (n > 1) {
      g += fmt::format("amix=inputs={}:duration=longest:dropout_transition=0:normalize=0,", n);
    }
    g += fmt::format("apad=whole_dur={},atrim=end={}[aout]", d, d);
    return g;
  }

  const ComposeCommandInput& in_;
  std::vector<size_t> inputs_;         // timeline track per ffmpeg input
  std::map<size_t, size_t> input_of_;  // timeline track -> ffmpeg input
  std::map<size_t, size_t> uses_;      // video track -> branches
  std::map<size_t, size_t> next_use_;  // video track -> next branch to hand out
};

}  // namespace

std::vector<std::string> build_compose_command(const ComposeCommandInput& in) {
  return GraphWriter(in).argv();
}

std::string escape_filter_value(std::string_view value) {
  return escape(escape(value, "\\':"), "\\'[],;");
}

std::string label_text(std::string_view name, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  size_t i = 0;
  auto cont = [&](size_t k) {
    return k < name.size() && (static_cast<unsigned char>(name[k]) & 0xC0) == 0x80;
  };
  while (i < name.size()) {
    if (chars == max_chars) {
      if (max_chars > 0) {
        // Replace the last code point by an ellipsis.
        size_t cut = out.size();
        while (cut > 0 && (static_cast<unsigned char>(out[cut - 1]) & 0xC0) == 0x80) --cut;
        if (cut > 0) --cut;
        out.resize(cut);
        out += "\xE2\x80\xA6";
      }
      break;
    }
    auto c = static_cast<unsigned char>(name[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= name.size();
    for (size_t k = 1; ok && k < len; ++k) ok = cont(i + k);
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(name[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(name[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      i += 1;
    } else if (len == 1 && (c < 0x20 || c == 0x7F)) {
      out += ' ';
      i += 1;
    } else {
      out.append(name.substr(i, len));
      i += len;
    }
    ++chars;
  }
  return out;
}

bool needs_cjk_font(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    uint32_t cp = 0;
    if ((c >> 4) == 14 && i + 2 < text.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    } else if ((c >> 3) == 30) {
      return true;  // U+10000 and up: the CJK extension planes, emoji
    } else {
      continue;
    }
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
        (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFFEF)) {
      return true;
    }
  }
  return false;
}

std::string pts_expression(const TimelineTrack& track) {
  // T = PTS*TB seconds; each piece after the first adds its difference from the piece
  // before it once T reaches the piece's start, so the sum is the piece T is in.
  const auto& first = track.mapping.front();
  std::string e = fmt::format("(PTS*TB*{}+{}", rate(1 + first.rate), num(first.offset_ms / 1000));
  for (size_t i = 1; i < track.mapping.size(); ++i) {
    const auto& p = track.mapping[i];
    const auto& before = track.mapping[i - 1];
    e += fmt::format("+gte(PTS*TB,{})*(PTS*TB*{}+{})", num(p.from_pts_ms / 1000.0),
                     rate(p.rate - before.rate), num((p.offset_ms - before.offset_ms) / 1000));
  }
  return e + ")/TB";
}

}  // namespace meet::record
