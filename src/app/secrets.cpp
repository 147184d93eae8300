#include "app/secrets.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "common/crypto.hpp"

namespace meet::app {

std::string load_or_create_secret(const std::string& data_dir, const std::string& name,
                                  bool& created) {
  namespace fs = std::filesystem;
  fs::create_directories(data_dir);
  auto path = fs::path(data_dir) / name;
  created = false;
  if (fs::exists(path)) {
    std::ifstream in(path);
    std::string value;
    std::getline(in, value);
    if (!value.empty()) return value;
  }
  auto value = random_token(32);
  {
    std::ofstream out(path, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    out << value << "\n";
  }
  ::chmod(path.c_str(), 0600);
  created = true;
  return value;
}

std::string read_secret(const std::string& data_dir, const std::string& name) {
  std::ifstream in(std::filesystem::path(data_dir) / name);
  std::string value;
  if (in) std::getline(in, value);
  return value;
}

std::string find_token_secret(const std::string& data_dir, const std::string& fallback_dir) {
  std::vector<std::string> dirs;
  if (!data_dir.empty()) {
    dirs.push_back(data_dir);
  } else {
    dirs.push_back(".data");
    if (!fallback_dir.empty()) dirs.push_back(fallback_dir);
  }
  std::string tried;
  for (const auto& dir : dirs) {
    auto value = read_secret(dir, "token_secret");
    if (!value.empty()) return value;
    std::error_code ec;
    auto abs = std::filesystem::absolute(dir, ec);
    tried += "\n  " + (ec ? dir : abs.string()) + "/token_secret";
  }
  throw std::runtime_error(
      "no token secret found; looked for:" + tried +
      "\nStart the server once (bash scripts/run.sh) so that it creates one, or pass the "
      "server's --data-dir or --secret (MEET_TOKEN_SECRET).");
}

}  // namespace meet::app
