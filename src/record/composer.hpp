#pragma once
// Composer: turns a capture folder (one Matroska file per track plus manifest.jsonl, see
// docs of contract A in manifest.hpp) into one MP4 with every participant in a grid, their
// names drawn under their tiles and everyone's audio mixed. ffmpeg does the media work as a
// child process; this code builds its filter graph from the manifest's timeline.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace meet::record {

struct ComposeResult {
  std::filesystem::path mp4;
  int64_t duration_ms = 0;
  std::vector<std::string> participants;  // display names, in order of first appearance
};

struct ComposeOptions {
  std::filesystem::path ffmpeg = "ffmpeg";
  std::filesystem::path font;  // empty: DejaVuSans found at run time
  int width = 1280, height = 720, fps = 30;
};

// Reads a capture folder and writes <folder>/recording.mp4 (H.264 + AAC, faststart).
// progress(0..1) is called from the calling (job) thread. Runs ffmpeg as a child process (no
// shell); never throws: every failure is an error string.
Result<ComposeResult, std::string> compose(const std::filesystem::path& folder,
                                           const ComposeOptions& options,
                                           std::function<void(double)> progress);

}  // namespace meet::record
