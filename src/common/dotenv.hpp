#pragma once
// Loads KEY=VALUE lines from a .env file into the process environment without overriding
// variables that are already set, so the order of precedence is flags > environment > .env.
#include <string>

namespace meet {

// Returns false when the file exists but cannot be read; a missing file is fine.
bool load_dotenv(const std::string& path);

}  // namespace meet
