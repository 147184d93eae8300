#pragma once
// Secrets the server generates on first start and keeps in the data directory (mode 0600).
#include <string>

namespace meet::app {

// Returns the contents of DATA_DIR/name, creating it with a fresh random token if missing.
// `created` tells whether it was generated now (so the caller can print it once).
std::string load_or_create_secret(const std::string& data_dir, const std::string& name,
                                  bool& created);

// Returns the contents of DATA_DIR/name, or "" when the file is missing or empty. Never
// creates anything.
std::string read_secret(const std::string& data_dir, const std::string& name);

// The secret `meet token` signs with when no --secret is given: from `data_dir` when one was
// named, else from the first of `./.data` and `fallback_dir` (the source tree's `.data`, where
// `scripts/run.sh` starts the server) that holds one. Throws std::runtime_error naming every
// place it looked when none does: a token signed with a made-up secret would only be
// rejected by the server later, with no hint why.
std::string find_token_secret(const std::string& data_dir, const std::string& fallback_dir);

}  // namespace meet::app
