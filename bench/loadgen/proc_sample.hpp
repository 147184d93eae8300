#pragma once
// CPU time and memory of one process from /proc (proc(5)): utime+stime of /proc/PID/stat (all
// its threads) and VmRSS/VmHWM of /proc/PID/status.
#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace meet::loadgen {

struct ProcSample {
  double cpu_seconds = 0;  // utime + stime
  uint64_t rss_kb = 0;
  uint64_t hwm_kb = 0;
  int64_t taken_us = 0;  // steady clock

  // nullopt when the process does not exist (or /proc is unreadable).
  static std::optional<ProcSample> of(pid_t pid);
};

}  // namespace meet::loadgen
