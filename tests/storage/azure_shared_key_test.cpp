#include "storage/azure_shared_key.hpp"

#include <gtest/gtest.h>

#include "storage/vectors.hpp"

namespace meet::storage {
namespace {

SignedRequest request_of(const nlohmann::json& v) {
  SignedRequest r;
  r.method = v.at("method").get<std::string>();
  r.url = v.at("url").get<std::string>();
  for (const auto& h : v.at("headers")) {
    r.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
  }
  return r;
}

// Vectors from Azure's own SDK: same string to sign, same Authorization header.
TEST(AzureSharedKey, MatchesTheAzureSdkVectors) {
  const auto vectors = testing::azure_vectors();
  ASSERT_TRUE(vectors.contains("shared_key"));
  ASSERT_GE(vectors["shared_key"].size(), 6u);
  for (const auto& v : vectors["shared_key"]) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    const auto r = request_of(v);
    const std::string account = v.at("account");
    EXPECT_EQ(shared_key_string_to_sign(r, account), v.at("string_to_sign").get<std::string>());
    EXPECT_EQ(shared_key_authorization(r, account, v.at("key").get<std::string>()),
              v.at("authorization").get<std::string>());
  }
}

TEST(AzureSharedKey, PutsTheAccountTwiceForPathStyleEmulatorUrls) {
  SignedRequest r{"GET", "http://127.0.0.1:10000/devstoreaccount1/c/b.mp4", {}};
  const auto s = shared_key_string_to_sign(r, "devstoreaccount1");
  EXPECT_TRUE(s.ends_with("\n/devstoreaccount1/devstoreaccount1/c/b.mp4")) << s;
}

TEST(AzureSharedKey, OrdersEncodingBeforeLanguageAsTheDocsSay) {
  // The SDK vectors never set these two; the REST docs put Content-Encoding first.
  SignedRequest r{"PUT",
                  "https://a.blob.core.windows.net/c/b",
                  {{"Content-Language", "fr"}, {"Content-Encoding", "gzip"}}};
  EXPECT_TRUE(shared_key_string_to_sign(r, "a").starts_with("PUT\ngzip\nfr\n"));
}

TEST(AzureSharedKey, RefusesAKeyThatIsNotBase64) {
  SignedRequest r{"GET", "https://a.blob.core.windows.net/c", {}};
  EXPECT_FALSE(shared_key_authorization(r, "a", "not base64!").has_value());
}

TEST(AzureSharedKey, FormatsAndParsesHttpDates) {
  EXPECT_EQ(http_date(1796615441), "Mon, 07 Dec 2026 03:50:41 GMT");
  EXPECT_EQ(parse_http_date("Mon, 07 Dec 2026 03:50:41 GMT"), 1796615441);
  EXPECT_FALSE(parse_http_date("yesterday").has_value());
}

}  // namespace
}  // namespace meet::storage
