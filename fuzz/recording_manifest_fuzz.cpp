// libFuzzer target: the recording manifest (JSON lines written by the capture, read back by
// the composer after a crash or from a tampered disk). It must never crash, and whatever it
// accepts must go through the timeline, the layout plan and the ffmpeg command builder
// without tripping the sanitizers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "record/composer_command.hpp"
#include "record/layout_plan.hpp"
#include "record/manifest.hpp"
#include "record/manifest_timeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = meet::record::parse_manifest(text);
  if (!manifest) return 0;
  // Without a stopped line, pretend every file ran to a pts taken from the input's size.
  std::vector<std::optional<int64_t>> last(manifest->tracks.size(),
                                           static_cast<int64_t>(size) * 1000);
  auto timeline = meet::record::build_timeline(manifest.value(), last);
  // A short frame grid keeps each run quick; the maths are the same at any rate.
  const int fps = 1;
  auto segments = meet::record::plan_layout(timeline, 1280, 720, fps);
  meet::record::ComposeOptions options;
  options.fps = fps;
  auto argv = meet::record::build_compose_command(
      {timeline, segments, options, "/rec", "/font.ttf", "/cjk.ttc", "/rec/out.mp4"});
  if (argv.empty()) __builtin_trap();
  return 0;
}
