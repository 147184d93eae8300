// Capture cost per recorded track: feeds one Capture with the packets of N simulated tracks
// (each a 720p-like VP8 camera at ~1.5 Mbit/s, 30 fps, plus an Opus microphone at 50 packets/s)
// for S seconds of media, as fast as the capture thread drains them, and reports the CPU time
// the process spent per second of media per track: the share of one core a recorded track
// costs. Files go to a temp folder (the real Matroska writer, the real disk).
//   capture_bench [tracks=4] [seconds=30]
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "record/capture.hpp"

using namespace meet;
using namespace meet::record;

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void push(Capture& c, const std::string& pid, const std::string& tid, rtc::Codec codec,
          uint16_t seq, uint32_t ts, bool marker, const uint8_t* payload, size_t n) {
  TapSlot* s = nullptr;
  while (!(s = c.tap()->ring().begin_push())) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  s->kind = TapSlot::Kind::kRtp;
  s->codec = codec;
  s->video = codec != rtc::Codec::kOpus;
  s->clock_rate = s->video ? 90000 : 48000;
  s->steady_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now().time_since_epoch())
                     .count();
  s->wall_ms = 0;
  s->participant_id_len = static_cast<uint8_t>(pid.size());
  std::memcpy(s->participant_id.data(), pid.data(), pid.size());
  s->track_id_len = static_cast<uint8_t>(tid.size());
  std::memcpy(s->track_id.data(), tid.data(), tid.size());
  uint8_t h[12] = {0x80,
                   static_cast<uint8_t>((marker ? 0x80 : 0) | 96),
                   static_cast<uint8_t>(seq >> 8),
                   static_cast<uint8_t>(seq),
                   static_cast<uint8_t>(ts >> 24),
                   static_cast<uint8_t>(ts >> 16),
                   static_cast<uint8_t>(ts >> 8),
                   static_cast<uint8_t>(ts),
                   1,
                   2,
                   3,
                   4};
  std::memcpy(s->bytes.data(), h, 12);
  std::memcpy(s->bytes.data() + 12, payload, n);
  s->size = static_cast<uint16_t>(12 + n);
  c.tap()->ring().end_push();
}

}  // namespace

int main(int argc, char** argv) {
  const int tracks = argc > 1 ? std::atoi(argv[1]) : 4;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 30;
  auto dir = std::filesystem::temp_directory_path() / ("capture_bench_" + std::to_string(getpid()));
  CaptureConfig config{"bench", "bench", std::nullopt, dir};
  auto started = Capture::start(config, nullptr);
  if (!started) {
    std::fprintf(stderr, "%s\n", started.error().c_str());
    return 1;
  }
  auto capture = std::move(started).value();
  std::vector<engine::ParticipantInfo> people;
  for (int i = 0; i < tracks; ++i) {
    engine::ParticipantInfo p{"p_" + std::to_string(i), "u", "User", 0, {}};
    p.tracks.push_back({"v_" + std::to_string(i), "video", "camera", false});
    p.tracks.push_back({"a_" + std::to_string(i), "audio", "microphone", false});
    people.push_back(p);
  }
  capture->update(people);

  // 1.5 Mbit/s at 30 fps: 6250 bytes a frame, 6 packets of ~1050 bytes; a keyframe each 3 s.
  uint8_t video[1100];
  std::memset(video, 0x5a, sizeof video);
  uint8_t opus[80];
  std::memset(opus, 0x33, sizeof opus);
  opus[0] = 0xfc;
  // The capture's share: the process minus this (producer) thread.
  const double cpu0 = cpu_seconds() - thread_cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  uint64_t packets = 0;
  for (int frame = 0; frame < seconds * 30; ++frame) {
    for (int t = 0; t < tracks; ++t) {
      const std::string pid = "p_" + std::to_string(t);
      const std::string vid = "v_" + std::to_string(t);
      for (int k = 0; k < 6; ++k) {
        // VP8 descriptor: S on the first packet of the frame; frame tag P=0 every 90 frames.
        video[0] = k == 0 ? 0x10 : 0x00;
        video[1] = (frame % 90 == 0) ? 0x50 : 0x51;
        push(*capture, pid, vid, rtc::Codec::kVp8, static_cast<uint16_t>(frame * 6 + k),
             static_cast<uint32_t>(frame * 3000), k == 5, video, 1050);
        ++packets;
      }
      const std::string aid = "a_" + std::to_string(t);
      // 50 Opus packets a second against 30 frames: those due by the end of this frame.
      for (uint32_t n = frame * 5 / 3; n < static_cast<uint32_t>((frame + 1) * 5 / 3); ++n) {
        push(*capture, pid, aid, rtc::Codec::kOpus, static_cast<uint16_t>(n), n * 960, false, opus,
             sizeof opus);
        ++packets;
      }
    }
  }
  capture->stop();
  const double cpu = cpu_seconds() - thread_cpu_seconds() - cpu0;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  uint64_t bytes = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir / "tracks")) bytes += f.file_size();
  std::filesystem::remove_all(dir);
  std::printf(
      "tracks=%d (video+audio pairs) media_seconds=%d packets=%llu cpu_seconds=%.3f "
      "wall_seconds=%.3f "
      "written_mb=%.1f\n",
      tracks, seconds, static_cast<unsigned long long>(packets), cpu, wall, bytes / 1e6);
  std::printf("cpu per recorded participant (camera+microphone): %.3f %% of one core\n",
              100.0 * cpu / seconds / tracks);
  return 0;
}
