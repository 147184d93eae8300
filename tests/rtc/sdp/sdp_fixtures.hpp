#pragma once
// Browser SDPs captured with Chromium 156 and Firefox ESR 153 against Janus (see fixtures/).
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace meet::rtc::test {

inline std::string read_sdp_fixture(const std::string& name) {
  const char* root = std::getenv("MEET_SOURCE_DIR");
  const std::string path =
      std::string(root != nullptr ? root : ".") + "/tests/rtc/sdp/fixtures/" + name;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline const std::vector<std::string>& all_sdp_fixtures() {
  static const std::vector<std::string> names = {
      "chromium_offer.sdp",
      "chromium_janus_answer.sdp",
      "chromium_simulcast_offer.sdp",
      "chromium_simulcast_janus_answer.sdp",
      "firefox_offer.sdp",
      "firefox_janus_answer.sdp",
      "firefox_simulcast_offer.sdp",
      "firefox_simulcast_janus_answer.sdp",
      "firefox_sub_janus_offer.sdp",
      "firefox_sub_answer.sdp",
  };
  return names;
}

}  // namespace meet::rtc::test
