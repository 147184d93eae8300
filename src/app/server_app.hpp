#pragma once
#include "app/serve_config.hpp"

namespace meet::app {

// Runs `meet serve` until SIGINT/SIGTERM; returns the process exit code.
int run_server(ServeConfig config);

}  // namespace meet::app
