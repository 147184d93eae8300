#pragma once
// Secrets the server generates on first start and keeps in the data directory (mode 0600).
#include <string>

namespace meet::app {

// Returns the contents of DATA_DIR/name, creating it with a fresh random token if missing.
// `created` tells whether it was generated now (so the caller can print it once).
std::string load_or_create_secret(const std::string& data_dir, const std::string& name,
                                  bool& created);

}  // namespace meet::app
