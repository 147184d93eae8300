#include "storage/azure_account.hpp"

#include <gtest/gtest.h>

namespace meet::storage {
namespace {

constexpr const char* kKey = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

TEST(AzureAccount, ReadsAnAzureConnectionString) {
  auto a = parse_connection_string(std::string("DefaultEndpointsProtocol=https;AccountName=meetrec;"
                                               "AccountKey=") +
                                   kKey + ";EndpointSuffix=core.windows.net");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->name, "meetrec");
  EXPECT_EQ(a->key, kKey);  // '=' inside the value kept
  EXPECT_EQ(a->blob_endpoint, "https://meetrec.blob.core.windows.net");
  EXPECT_FALSE(a->insecure());
}

TEST(AzureAccount, DefaultsToHttpsAndTheGlobalSuffix) {
  auto a = parse_connection_string(std::string("accountname=meetrec;accountkey=") + kKey + ";");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->blob_endpoint, "https://meetrec.blob.core.windows.net");
  auto cn = parse_connection_string(std::string("AccountName=x;AccountKey=") + kKey +
                                    ";EndpointSuffix=core.chinacloudapi.cn");
  ASSERT_TRUE(cn.ok());
  EXPECT_EQ(cn->blob_endpoint, "https://x.blob.core.chinacloudapi.cn");
}

TEST(AzureAccount, TakesAnExplicitBlobEndpointLikeAzurites) {
  auto a = parse_connection_string(
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
      "BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1/;");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->blob_endpoint, "http://127.0.0.1:41234/devstoreaccount1");
  EXPECT_TRUE(a->insecure());
}

TEST(AzureAccount, ExpandsUseDevelopmentStorage) {
  auto a = parse_connection_string("UseDevelopmentStorage=true");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->name, "devstoreaccount1");
  EXPECT_EQ(a->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  auto proxy = parse_connection_string(
      "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite");
  ASSERT_TRUE(proxy.ok());
  EXPECT_EQ(proxy->blob_endpoint, "http://azurite:10000/devstoreaccount1");
}

TEST(AzureAccount, RefusesBadStringsWithoutEchoingSecrets) {
  const std::pair<const char*, const char*> bad[] = {
      {"", "AccountName"},
      {"AccountName=x", "AccountKey"},
      {"AccountName=x;AccountKey=%%%secret%%%", "AccountKey"},
      {"AccountName=bad-name!;AccountKey=a2V5", "AccountName"},
      {"garbage", "Key=Value"},
      {"AccountName=x;SharedAccessSignature=sv=2021&sig=abc", "SharedAccessSignature"},
      {"AccountName=x;AccountKey=a2V5;DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol"},
  };
  for (const auto& [text, mentions] : bad) {
    auto a = parse_connection_string(text);
    ASSERT_FALSE(a.ok()) << text;
    EXPECT_NE(a.error().find(mentions), std::string::npos) << a.error();
    EXPECT_EQ(a.error().find("secret"), std::string::npos) << a.error();
  }
}

}  // namespace
}  // namespace meet::storage
