#include "app/doctor.hpp"

#include <iomanip>
#include <ostream>

namespace meet::app {

int run_doctor(const ServeConfig& config, std::ostream& out) {
  using Check = std::vector<DoctorLine> (*)(const ServeConfig&);
  const Check checks[] = {doctor::settings,
                          doctor::ports,
                          doctor::public_ip,
                          doctor::tls,
                          [](const ServeConfig&) { return doctor::ffmpeg(); },
                          doctor::turn,
                          doctor::storage,
                          doctor::database};
  int failed = 0;
  for (auto check : checks) {
    for (const auto& line : check(config)) {
      out << (line.ok ? "ok    " : "FAIL  ") << std::left << std::setw(12) << line.check << "  "
          << line.detail << "\n";
      if (!line.ok) ++failed;
    }
  }
  out << (failed ? std::to_string(failed) + " check(s) failed" : std::string("all checks passed"))
      << std::endl;
  return failed ? 1 : 0;
}

}  // namespace meet::app
