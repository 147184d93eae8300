#include "http/url.hpp"

#include <gtest/gtest.h>

namespace meet::http {
namespace {

TEST(Url, DecodesPercentEscapes) {
  EXPECT_EQ(url_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(url_decode("J%C3%B6rg"), "J\xC3\xB6rg");
  EXPECT_EQ(url_decode("a+b"), "a+b");
  EXPECT_EQ(url_decode("a+b", true), "a b");
  EXPECT_EQ(url_decode(""), "");
}

TEST(Url, RejectsBadEscapes) {
  for (const char* bad : {"%", "%2", "a%g0", "%0z", "abc%"}) {
    EXPECT_FALSE(url_decode(bad).has_value()) << bad;
  }
}

TEST(Url, EncodesAllButUnreserved) {
  EXPECT_EQ(url_encode("a b/c~d.e_f-g"), "a%20b%2Fc~d.e_f-g");
  EXPECT_EQ(*url_decode(url_encode("x=1&y=\xff")), "x=1&y=\xff");
}

TEST(Url, ParsesQueryStrings) {
  auto q = parse_query("a=1&b=x%20y&c&name=J%C3%B6rg+M&&a=2&=nameless&bad=%zz");
  EXPECT_EQ(q.size(), 4u);
  EXPECT_EQ(q["a"], "1");  // first value wins
  EXPECT_EQ(q["b"], "x y");
  EXPECT_EQ(q["c"], "");
  EXPECT_EQ(q["name"], "J\xC3\xB6rg M");
  EXPECT_EQ(q.count("bad"), 0u);
  EXPECT_TRUE(parse_query("").empty());
}

TEST(Url, SplitsPaths) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(*split_path("/"), V{});
  EXPECT_EQ(*split_path("/a"), V{"a"});
  EXPECT_EQ(*split_path("/a/b/"), (V{"a", "b"}));
  EXPECT_EQ(*split_path("/a%2Fb/c"), (V{"a%2Fb", "c"}));
  for (const char* bad : {"", "a/b", "//", "/a//b", "*"}) {
    EXPECT_FALSE(split_path(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace meet::http
