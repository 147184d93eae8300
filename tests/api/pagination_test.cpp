#include "api/pagination.hpp"

#include <gtest/gtest.h>

namespace meet::api {
namespace {

TEST(Pagination, DefaultsToFirstFiftyAndAcceptsBounds) {
  auto p = parse_page({});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->offset, 0);
  EXPECT_EQ(p->limit, 50);
  auto max = parse_page({{"offset", "1000000"}, {"limit", "100"}});
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->offset, 1000000);
  EXPECT_EQ(max->limit, 100);
}

TEST(Pagination, RejectsAbsurdValues) {
  const std::map<std::string, std::string> bad[] = {
      {{"limit", "0"}},    {{"limit", "101"}},      {{"limit", "-1"}},
      {{"limit", "ten"}},  {{"limit", ""}},         {{"limit", "5 "}},
      {{"offset", "-1"}},  {{"offset", "1000001"}}, {{"offset", "99999999999999999999999"}},
      {{"offset", "1e3"}}, {{"offset", "0x10"}},
  };
  for (const auto& q : bad) {
    auto p = parse_page(q);
    ASSERT_FALSE(p.ok()) << q.begin()->first << "=" << q.begin()->second;
    EXPECT_EQ(p.error().status, 400);
    EXPECT_EQ(p.error().code, "invalid_pagination");
  }
}

}  // namespace
}  // namespace meet::api
