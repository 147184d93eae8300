#pragma once
// Test helper: makes capture folders (contract A of issue 14) with the ffmpeg CLI, and reads
// back what a composed MP4 holds.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "record/composer_process.hpp"

namespace meet::record::testing {

namespace fs = std::filesystem;

// A fresh temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "meet-compose-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    if (std::getenv("MEET_TEST_KEEP_DIRS")) return;  // to look at the files after a run
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void write_text(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// Runs a command, failing the test (via the returned string) when it does not exit 0.
inline std::string run(const std::vector<std::string>& argv, std::string* out = nullptr) {
  auto r = run_process(argv, [&](std::string_view line) {
    if (out) *out += std::string(line) + "\n";
  });
  if (!r) return r.error();
  if (r->exit_code != 0) return argv[0] + " failed: " + r->stderr_tail;
  return {};
}

// A VP8 Matroska track of one colour, `seconds` long, starting at pts 0.
inline std::string make_video(const fs::path& file, const std::string& colour, int w, int h,
                              double seconds) {
  return run({"ffmpeg",
              "-hide_banner",
              "-loglevel",
              "error",
              "-y",
              "-f",
              "lavfi",
              "-i",
              "color=c=" + colour + ":s=" + std::to_string(w) + "x" + std::to_string(h) +
                  ":r=15:d=" + std::to_string(seconds),
              "-c:v",
              "libvpx",
              "-deadline",
              "realtime",
              "-cpu-used",
              "16",
              "-threads",
              "1",
              "-b:v",
              "300k",
              file.string()});
}

// A VP8 track whose resolution changes: `first` for `seconds_first`, then `second`, as a
// sender that adapts its resolution produces (keyframes of a new size in one track).
inline std::string make_video_resized(const fs::path& file, const std::string& colour,
                                      std::pair<int, int> first, std::pair<int, int> second,
                                      double seconds_first, double seconds_second) {
  fs::path a = file.parent_path() / "part1.webm", b = file.parent_path() / "part2.webm";
  fs::path list = file.parent_path() / "parts.txt";
  if (auto e = make_video(a, colour, first.first, first.second, seconds_first); !e.empty()) {
    return e;
  }
  if (auto e = make_video(b, colour, second.first, second.second, seconds_second); !e.empty()) {
    return e;
  }
  write_text(list, "file '" + a.string() + "'\nfile '" + b.string() + "'\n");
  auto e = run({"ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                "-i", list.string(), "-c", "copy", file.string()});
  fs::remove(a);
  fs::remove(b);
  fs::remove(list);
  return e;
}

// An Opus Matroska track of a sine tone; packets with pts in [drop_from_ms, drop_to_ms) are
// left out (what mute or DTX leaves in a capture).
inline std::string make_tone(const fs::path& file, int frequency, double seconds,
                             int64_t drop_from_ms = -1, int64_t drop_to_ms = -1) {
  std::vector<std::string> argv{"ffmpeg",
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-y",
                                "-f",
                                "lavfi",
                                "-i",
                                "sine=frequency=" + std::to_string(frequency) +
                                    ":sample_rate=48000:d=" + std::to_string(seconds),
                                "-c:a",
                                "libopus",
                                "-b:a",
                                "48k"};
  if (drop_from_ms >= 0) {
    argv.insert(argv.end(), {"-bsf:a", "noise=drop=between(pts\\," + std::to_string(drop_from_ms) +
                                           "\\," + std::to_string(drop_to_ms - 1) + ")"});
  }
  argv.push_back(file.string());
  return run(argv);
}


inline std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Rgb {
  int r = 0, g = 0, b = 0;
};

// One decoded frame of an MP4 at time t, as RGB24.
struct Frame {
  int w = 0, h = 0;
  std::string rgb;
  Rgb at(int x, int y) const {
    size_t i = (static_cast<size_t>(y) * w + x) * 3;
    return {static_cast<unsigned char>(rgb[i]), static_cast<unsigned char>(rgb[i + 1]),
            static_cast<unsigned char>(rgb[i + 2])};
  }
};

inline Frame frame_at(const fs::path& mp4, double t, int w, int h, const fs::path& tmp) {
  Frame f{w, h, {}};
  fs::path raw = tmp / "frame.rgb";
  auto err =
      run({"ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-ss", std::to_string(t), "-i",
           mp4.string(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw.string()});
  if (err.empty()) f.rgb = read_bytes(raw);
  return f;
}

// The MP4's audio, mono 16-bit at `rate`.
inline std::vector<int16_t> audio_of(const fs::path& mp4, int rate, const fs::path& tmp) {
  fs::path raw = tmp / "audio.raw";
  std::vector<int16_t> out;
  auto err = run({"ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", mp4.string(), "-map",
                  "0:a", "-ac", "1", "-ar", std::to_string(rate), "-f", "s16le", raw.string()});
  if (!err.empty()) return out;
  std::string bytes = read_bytes(raw);
  out.resize(bytes.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<int16_t>(static_cast<uint8_t>(bytes[2 * i]) |
                                  (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
  }
  return out;
}

}  // namespace meet::record::testing
