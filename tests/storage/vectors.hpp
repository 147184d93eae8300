#pragma once
// Loads tests/storage/vectors/vectors.json (made by make_vectors.mjs with Azure's JS SDK).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

namespace meet::testing {

inline nlohmann::json azure_vectors() {
  const char* root = std::getenv("MEET_SOURCE_DIR");
  const std::string path = std::string(root ? root : ".") + "/tests/storage/vectors/vectors.json";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing " << path;
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in, nullptr, false);
}

}  // namespace meet::testing
