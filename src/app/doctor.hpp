#pragma once
// `meet doctor`: checks a configuration and the machine it will run on, before (or instead
// of) starting the server. One line per check, "ok" or "FAIL" with what to fix; the exit
// code is 1 when any check failed. Reads the same flags, environment and .env as `meet serve`.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "app/serve_config.hpp"

namespace meet::app {

struct DoctorLine {
  std::string check;  // "http port", "tls", ...
  bool ok = false;
  std::string detail;  // what was found, or what to fix
};

// Each check appends one or more lines. Exposed for the checks' own file.
namespace doctor {
std::vector<DoctorLine> settings(const ServeConfig& c);
std::vector<DoctorLine> ports(const ServeConfig& c);
std::vector<DoctorLine> public_ip(const ServeConfig& c);
std::vector<DoctorLine> tls(const ServeConfig& c);
std::vector<DoctorLine> ffmpeg();
std::vector<DoctorLine> turn(const ServeConfig& c);
std::vector<DoctorLine> storage(const ServeConfig& c);
std::vector<DoctorLine> database(const ServeConfig& c);
}  // namespace doctor

// Runs every check, prints the lines to `out`, returns the process exit code.
int run_doctor(const ServeConfig& config, std::ostream& out);

}  // namespace meet::app
