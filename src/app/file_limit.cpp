#include "app/file_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"

namespace meet::app {

void raise_file_limit() {
  auto log = logger("app");
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    log->warn("file descriptor limit unreadable reason={}", std::strerror(errno));
    return;
  }
  const auto before = lim.rlim_cur;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
      log->warn("file descriptor limit not raised soft={} hard={} reason={}", before, lim.rlim_max,
                std::strerror(errno));
      return;
    }
  }
  log->info("file descriptor limit soft={} (was {}) hard={}", lim.rlim_cur, before, lim.rlim_max);
}

}  // namespace meet::app
