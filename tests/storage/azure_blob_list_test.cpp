#include "storage/azure_blob_list.hpp"

#include <gtest/gtest.h>

namespace meet::storage {
namespace {

TEST(AzureBlobList, ReadsNamesSizesDatesAndTheMarker) {
  const char* xml =
      R"(<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://x/" ContainerName="recordings"><Prefix>rec</Prefix><Blobs>)"
      R"(<Blob><Name>rec_1/recording.mp4</Name><Properties><Last-Modified>Mon, 07 Dec 2026 03:50:41 GMT</Last-Modified><Etag>0x1</Etag><Content-Length>1234</Content-Length></Properties></Blob>)"
      R"(<Blob><Name>rec_2/a&amp;b.mp4</Name><Properties><Content-Length>0</Content-Length></Properties></Blob>)"
      R"(</Blobs><NextMarker>2!abc</NextMarker></EnumerationResults>)";
  auto page = parse_blob_list(xml);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->blobs.size(), 2u);
  EXPECT_EQ(page->blobs[0].name, "rec_1/recording.mp4");
  EXPECT_EQ(page->blobs[0].size_bytes, 1234);
  EXPECT_EQ(page->blobs[0].last_modified_ms, 1796615441000);
  EXPECT_EQ(page->blobs[1].name, "rec_2/a&b.mp4");
  EXPECT_EQ(page->next_marker, "2!abc");
}

TEST(AzureBlobList, ReadsAnEmptyLastPage) {
  auto page = parse_blob_list("<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>");
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->blobs.empty());
  EXPECT_TRUE(page->next_marker.empty());
}

TEST(AzureBlobList, RejectsMalformedAnswers) {
  const char* bad[] = {
      "",
      "<html>502 bad gateway</html>",
      "<EnumerationResults><Blobs><Blob><Properties/></Blob></Blobs></EnumerationResults>",
      "<EnumerationResults><Blobs><Blob><Name>a&bogus;</Name></Blob></Blobs></EnumerationResults>",
      "<EnumerationResults><Blobs><Blob><Name>a</Name><Content-Length>12x</Content-Length></Blob>"
      "</Blobs></EnumerationResults>",
  };
  for (const char* xml : bad) EXPECT_FALSE(parse_blob_list(xml).has_value()) << xml;
}

}  // namespace
}  // namespace meet::storage
