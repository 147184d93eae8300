#include "app/secrets.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

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

}  // namespace meet::app
