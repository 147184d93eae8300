#pragma once
// Runs a child process (ffmpeg, ffprobe) without a shell and reads its output line by line.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace meet::record {

struct ProcessOutcome {
  int exit_code = -1;       // -1 when killed by a signal
  std::string stderr_tail;  // the last few KiB the child wrote to stderr
};

// Starts argv[0] (looked up in PATH when it has no '/') with argv, stdin from /dev/null, and
// calls on_line for every line it writes to stdout, on the calling thread. Kills the child if
// it writes nothing to stdout or stderr for `silence`. Returns an error when it cannot start.
Result<ProcessOutcome, std::string> run_process(
    const std::vector<std::string>& argv, const std::function<void(std::string_view)>& on_line,
    std::chrono::seconds silence = std::chrono::seconds(300));

}  // namespace meet::record
