#include "api/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace meet::api {
namespace {

struct Case {
  const char* name;
  std::string bytes;
  bool valid;
};

// RFC 3629 section 4 and the classic decoder stress cases.
TEST(Utf8, ClassifiesByteSequences) {
  const Case cases[] = {
      {"ascii", "hello", true},
      {"empty", "", true},
      {"two byte", "\xC3\xA9", true},                // é
      {"three byte", "\xE2\x9C\x93", true},          // ✓
      {"four byte", "\xF0\x9F\x8E\xA5", true},       // 🎥
      {"max code point", "\xF4\x8F\xBF\xBF", true},  // U+10FFFF
      {"lone continuation", "\x80", false},
      {"overlong slash", "\xC0\xAF", false},  // '/' in two bytes
      {"overlong C1", "\xC1\xBF", false},
      {"overlong three", "\xE0\x80\xAF", false},
      {"overlong four", "\xF0\x80\x80\xAF", false},
      {"surrogate D800", "\xED\xA0\x80", false},
      {"surrogate DFFF", "\xED\xBF\xBF", false},
      {"above 10FFFF", "\xF4\x90\x80\x80", false},
      {"F5 lead", "\xF5\x80\x80\x80", false},
      {"FF byte", "\xFF", false},
      {"truncated two", "\xC3", false},
      {"truncated four", "\xF0\x9F\x8E", false},
      {"bad tail", "\xE2\x28\xA1", false},
      {"latin1 e acute", "caf\xE9", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_valid_utf8(c.bytes), c.valid) << c.name;
}

}  // namespace
}  // namespace meet::api
