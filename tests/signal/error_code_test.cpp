// Signaling error codes: each enum value has its documented wire name, and back.
#include "signal/error_code.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace meet::signal {
namespace {

constexpr int kCodes = static_cast<int>(ErrorCode::kInternal) + 1;

TEST(ErrorCode, NamesAreTheWireStrings) {
  EXPECT_EQ(to_string(ErrorCode::kBadRequest), "bad_request");
  EXPECT_EQ(to_string(ErrorCode::kTooManyTracks), "too_many_tracks");
  EXPECT_EQ(to_string(ErrorCode::kLobbyDenied), "lobby_denied");
  EXPECT_EQ(to_string(ErrorCode::kTooLarge), "too_large");
  EXPECT_EQ(to_string(ErrorCode::kInternal), "internal");
}

TEST(ErrorCode, EveryCodeHasOneNameAndReadsBack) {
  std::set<std::string> names;
  for (int i = 0; i < kCodes; ++i) {
    const auto code = static_cast<ErrorCode>(i);
    const auto name = std::string(to_string(code));
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
    EXPECT_EQ(error_code_from_name(name), code) << name;
  }
  EXPECT_EQ(error_code_from_name("feature_disabled"), std::nullopt);
  EXPECT_EQ(error_code_from_name(""), std::nullopt);
  EXPECT_EQ(error_code_or_internal("meeting_ended"), ErrorCode::kInternal);
  EXPECT_EQ(error_code_or_internal("room_full"), ErrorCode::kRoomFull);
}

TEST(ErrorCode, EveryCodeIsDocumented) {
  const char* root = std::getenv("MEET_SOURCE_DIR");
  std::ifstream in(std::string(root != nullptr ? root : ".") + "/docs/protocol.md");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = text.str();
  const auto table = doc.find("## Error codes");
  ASSERT_NE(table, std::string::npos);
  const auto section = doc.substr(table, doc.find("\n## ", table + 1) - table);
  for (int i = 0; i < kCodes; ++i) {
    const auto name = "`" + std::string(to_string(static_cast<ErrorCode>(i))) + "`";
    EXPECT_NE(section.find(name), std::string::npos) << name << " missing in docs/protocol.md";
  }
}

}  // namespace
}  // namespace meet::signal
