#include "proc_sample.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "stamp.hpp"

namespace meet::loadgen {

std::optional<ProcSample> ProcSample::of(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream stat(base + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return std::nullopt;
  // Fields after the command name, which is in parentheses and may hold spaces.
  auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream in(line.substr(close + 2));
  std::string field;
  uint64_t utime = 0, stime = 0;
  // state is field 3; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  ProcSample s;
  s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  s.taken_us = now_us();
  std::ifstream status(base + "/status");
  while (std::getline(status, line)) {
    std::istringstream l(line);
    std::string key;
    uint64_t kb = 0;
    l >> key >> kb;
    if (key == "VmRSS:") s.rss_kb = kb;
    if (key == "VmHWM:") s.hwm_kb = kb;
  }
  return s;
}

}  // namespace meet::loadgen
