#include "storage/azure_sas.hpp"

#include <gtest/gtest.h>

#include "storage/vectors.hpp"

namespace meet::storage {
namespace {

// Vectors from Azure's own SDK (generateBlobSASQueryParameters, version 2021-08-06).
TEST(AzureSas, MatchesTheAzureSdkVectors) {
  const auto vectors = testing::azure_vectors();
  ASSERT_TRUE(vectors.contains("sas"));
  ASSERT_GE(vectors["sas"].size(), 3u);
  for (const auto& v : vectors["sas"]) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    BlobSas sas;
    sas.account = v.at("account");
    sas.container = v.at("container");
    sas.blob = v.at("blob");
    sas.permissions = v.at("permissions");
    sas.start = v.at("start");
    sas.expiry = v.at("expiry");
    sas.protocol = v.at("protocol");
    sas.version = v.at("version");
    sas.content_disposition = v.at("content_disposition");
    EXPECT_EQ(blob_sas_string_to_sign(sas), v.at("string_to_sign").get<std::string>());
    auto query = blob_sas_query(sas, v.at("key").get<std::string>());
    ASSERT_TRUE(query.has_value());
    // Same signature; parameters may come in another order than the SDK's.
    const std::string sdk_query = v.at("query");
    const auto sig_of = [](const std::string& q) {
      auto at = q.find("sig=");
      auto end = q.find('&', at);
      return q.substr(at, end == std::string::npos ? std::string::npos : end - at);
    };
    EXPECT_EQ(sig_of(*query), sig_of(sdk_query));
    for (const char* p : {"sv=", "spr=", "se=", "sr=b", "sp="}) {
      EXPECT_NE(query->find(p), std::string::npos) << p;
    }
  }
}

TEST(AzureSas, FormatsExpiryAsIso8601Utc) {
  EXPECT_EQ(iso8601_utc(1796619600), "2026-12-07T05:00:00Z");
}

}  // namespace
}  // namespace meet::storage
