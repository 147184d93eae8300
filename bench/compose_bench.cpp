// Composes one capture folder and prints how fast: wall time, the ffmpeg child's CPU time and
// the speed as a multiple of real time. Driven by bench/compose_bench.sh.
//   compose_bench FOLDER [WIDTH HEIGHT FPS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "record/composer.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: compose_bench FOLDER [WIDTH HEIGHT FPS]\n");
    return 2;
  }
  meet::record::ComposeOptions o;
  if (argc >= 5) {
    o.width = std::atoi(argv[2]);
    o.height = std::atoi(argv[3]);
    o.fps = std::atoi(argv[4]);
  }
  auto start = std::chrono::steady_clock::now();
  auto r = meet::record::compose(argv[1], o, nullptr);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r) {
    std::fprintf(stderr, "compose failed: %s\n", r.error().c_str());
    return 1;
  }
  rusage ru{};
  getrusage(RUSAGE_CHILDREN, &ru);
  double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  double media = static_cast<double>(r->duration_ms) / 1000;
  std::printf("media_s=%.1f wall_s=%.2f cpu_s=%.2f speed_x_realtime=%.2f cores_busy=%.2f\n", media,
              wall, cpu, media / wall, cpu / wall);
  return 0;
}
